import type { RouteSpec } from './route-spec.ts';

interface CrudSpec {
  base: string;
  service: string;
  tag: string;
  key: string;
  keyType: { type: 'integer' | 'string'; format?: string };
  model: string;
  request: string;
  required: string[];
  listQuery: string;
  access?: RouteSpec['access'];
  /** A path parameter in `base` that every action gets too (`/providers/{type}`); list actions then get `{ <scope>, query }`. */
  scope?: string;
}

/** List, create, get, replace (PUT), update (PATCH) and delete for one model, as authentik's viewsets route them. */
export function crud(c: CrudSpec): RouteSpec[] {
  const one = `${c.base}/{${c.key}}/`;
  const access = c.access ?? 'superuser';
  const scoped = (path: Record<string, string>) => (c.scope ? { [c.scope]: path[c.scope] } : {});
  const key = (path: Record<string, string>) => ({ ...scoped(path), [c.key]: c.keyType.type === 'integer' ? Number(path[c.key]) : path[c.key] });
  const scopeParams = c.scope ? { [c.scope]: { type: 'string' as const } } : undefined;
  const pathParams = { ...scopeParams, [c.key]: c.keyType };
  return [
    { method: 'GET', path: `${c.base}/`, action: `${c.service}.list`, summary: `List ${c.tag}`, tag: c.tag, access, pathParams: scopeParams, query: c.listQuery, response: { schema: c.model, list: true }, status: 200, params: ({ path, query }) => (c.scope ? { ...scoped(path), query } : query) },
    { method: 'POST', path: `${c.base}/`, action: `${c.service}.create`, summary: `Create a ${c.model}`, tag: c.tag, access, pathParams: scopeParams, body: { schema: c.request, required: c.required }, response: { schema: c.model }, status: 201, params: ({ path, body }) => (c.scope ? { ...scoped(path), data: body } : body as Record<string, unknown>) },
    { method: 'GET', path: one, action: `${c.service}.get`, summary: `Get a ${c.model}`, tag: c.tag, access, pathParams, response: { schema: c.model }, status: 200, params: ({ path }) => key(path) },
    { method: 'PUT', path: one, action: `${c.service}.replace`, summary: `Replace a ${c.model}`, tag: c.tag, access, pathParams, body: { schema: c.request, required: c.required }, response: { schema: c.model }, status: 200, params: ({ path, body }) => ({ ...key(path), data: body }) },
    { method: 'PATCH', path: one, action: `${c.service}.update`, summary: `Update fields of a ${c.model}`, tag: c.tag, access, pathParams, body: { schema: c.request }, response: { schema: c.model }, status: 200, params: ({ path, body }) => ({ ...key(path), data: body }) },
    { method: 'DELETE', path: one, action: `${c.service}.remove`, summary: `Delete a ${c.model}`, tag: c.tag, access, pathParams, status: 204, params: ({ path }) => key(path) },
  ];
}

export const UUID = { pk: { type: 'string' as const, format: 'uuid' } };
