import { loadSchemaFiles } from '../kernel/validator.ts';
import { ERROR_CATALOGUE } from '../kernel/error-catalogue.ts';
import type { RouteSpec } from './route-spec.ts';

type Json = Record<string, unknown>;

const titleOf = new Map<string, string>();
function componentRef(file: string): string {
  return `#/components/schemas/${titleOf.get(file) ?? file}`;
}

/** Rewrites file $refs to component refs and drops the keywords OpenAPI does not need. */
function toComponent(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toComponent);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$id' || k === '$schema') continue;
    out[k] = k === '$ref' && typeof v === 'string' ? componentRef(v.replace(/^.*\//, '')) : toComponent(v);
  }
  return out;
}

function responseSchema(spec: RouteSpec): Json | undefined {
  if (!spec.response) return undefined;
  const item = { $ref: componentRef(`${spec.response.schema}.schema.json`) };
  if (spec.response.array) return { type: 'array', items: item };
  if (!spec.response.list) return item;
  return { type: 'object', properties: { pagination: { $ref: componentRef('pagination.schema.json') }, results: { type: 'array', items: item } }, required: ['pagination', 'results'] };
}

function queryParameters(name: string, files: Map<string, Json>): Json[] {
  const schema = files.get(`${name}.schema.json`) as Json;
  const base = typeof schema.$ref === 'string' ? queryParameters((schema.$ref as string).replace('.schema.json', ''), files) : [];
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  return [...base, ...Object.entries(props).map(([p, s]) => ({ name: p, in: 'query', required: false, schema: toComponent(s) }))];
}

/** OpenAPI 3.1 for the REST API, generated from the route table and schemas/ (the same ones that validate requests). */
export function buildOpenApi(routes: RouteSpec[], version: string): Json {
  const files = loadSchemaFiles() as Map<string, Json>;
  for (const [file, schema] of files) titleOf.set(file, String(schema.title ?? file));
  const problem = { description: 'Problem details', content: { 'application/problem+json': { schema: { $ref: componentRef('problem.schema.json') } } } };
  const paths: Record<string, Json> = {};
  for (const spec of routes) {
    const ok = responseSchema(spec);
    const responses: Json = {
      [spec.status]: spec.status === 204 ? { description: 'Done' } : { description: 'OK', content: { 'application/json': { schema: ok } } },
      default: problem,
    };
    const parameters = [
      ...Object.entries(spec.pathParams ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
      ...(spec.query ? queryParameters(spec.query, files) : []),
    ];
    const body = spec.body
      ? { required: true, content: { 'application/json': { schema: spec.body.required?.length ? { allOf: [{ $ref: componentRef(`${spec.body.schema}.schema.json`) }], required: spec.body.required } : { $ref: componentRef(`${spec.body.schema}.schema.json`) } } } }
      : undefined;
    paths[`/api/v3${spec.path}`] ??= {};
    paths[`/api/v3${spec.path}`][spec.method.toLowerCase()] = {
      operationId: `${spec.action}${spec.method === 'GET' && spec.action.endsWith('.get') && spec.path.includes('me') ? 'Me' : ''}`,
      summary: spec.summary,
      tags: [spec.tag],
      security: [{ bearer: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(body ? { requestBody: body } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'idp-core', version, description: `Errors are problem+json with a code from: ${Object.keys(ERROR_CATALOGUE).join(', ')}.` },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: Object.fromEntries([...files].map(([file, schema]) => [titleOf.get(file)!, toComponent(schema)])),
    },
  };
}
