import { randomUUID } from 'node:crypto';
import { scimError, type Answer, type Resource } from './memory-scim-answer.ts';
import { applyPatch } from './memory-scim-patch.ts';

export type ResourceType = 'Users' | 'Groups';

const UNIQUE: Record<ResourceType, string> = { Users: 'userName', Groups: 'displayName' };
const FILTER = /^(\w+) eq ("(?:[^"\\]|\\.)*")$/i;

/** One resource type's resources by id, with indexes on its unique name attribute and on externalId. */
class Collection {
  readonly byId = new Map<string, Resource>();
  readonly byName = new Map<string, string>();
  readonly byExternalId = new Map<string, Set<string>>();
  readonly unique: string;

  constructor(unique: string) {
    this.unique = unique;
  }

  /** Whether `name` belongs to a resource other than `id`. */
  taken(name: unknown, id?: string): boolean {
    const owner = typeof name === 'string' ? this.byName.get(name) : undefined;
    return owner !== undefined && owner !== id;
  }

  put(r: Resource): void {
    this.remove(r.id);
    this.byId.set(r.id, r);
    if (typeof r[this.unique] === 'string') this.byName.set(r[this.unique], r.id);
    if (typeof r.externalId === 'string') {
      const ids = this.byExternalId.get(r.externalId) ?? new Set<string>();
      this.byExternalId.set(r.externalId, ids.add(r.id));
    }
  }

  remove(id: string): boolean {
    const old = this.byId.get(id);
    if (!old) return false;
    this.byId.delete(id);
    if (this.byName.get(old[this.unique]) === id) this.byName.delete(old[this.unique]);
    this.byExternalId.get(old.externalId)?.delete(id);
    return true;
  }

  /** Resources matching `attribute eq value`: indexed for the name attribute, externalId and id, scanned otherwise. */
  find(attribute: string, value: string): Resource[] {
    const ids = attribute === this.unique ? [this.byName.get(value)] : attribute === 'externalId' ? [...(this.byExternalId.get(value) ?? [])] : attribute === 'id' ? [value] : null;
    if (ids) return ids.map((id) => id && this.byId.get(id)).filter((r): r is Resource => !!r);
    return [...this.byId.values()].filter((r) => r[attribute] === value);
  }

  clear(): void {
    this.byId.clear();
    this.byName.clear();
    this.byExternalId.clear();
  }
}

/** Users and Groups in memory with SCIM semantics (server-side ids, uniqueness, `eq` filters, PUT, PATCH, DELETE). */
export class MemoryScimStore {
  readonly resources = { Users: new Collection('userName'), Groups: new Collection('displayName') };

  clear(): void {
    this.resources.Users.clear();
    this.resources.Groups.clear();
  }

  handle(method: string, type: ResourceType, id: string | undefined, query: URLSearchParams, body: any, base: string): Answer {
    const store = this.resources[type];
    const unique = UNIQUE[type];
    const meta = (r: Resource) => ({ ...r, meta: { resourceType: type.slice(0, -1), location: `${base}/${type}/${r.id}` } });
    if (!id) {
      if (method === 'GET') return this.list(store, query, meta);
      if (method !== 'POST') return scimError(405, `${method} is not allowed on /${type}`);
      if (typeof body?.[unique] !== 'string' || !body[unique]) return scimError(400, `${unique} is required`, 'invalidValue');
      if (store.taken(body[unique])) return scimError(409, `${unique} ${body[unique]} exists`, 'uniqueness');
      const created: Resource = { ...body, id: randomUUID() };
      delete created.meta;
      store.put(created);
      return { status: 201, body: meta(created), headers: { location: `${base}/${type}/${created.id}` } };
    }
    const existing = store.byId.get(id);
    if (!existing) return scimError(404, `no ${type} resource ${id}`);
    if (method === 'GET') return { status: 200, body: meta(existing) };
    if (method === 'DELETE') {
      store.remove(id);
      if (type === 'Users') for (const g of this.resources.Groups.byId.values()) if (g.members?.some((m: { value: string }) => m.value === id)) g.members = g.members.filter((m: { value: string }) => m.value !== id);
      return { status: 204 };
    }
    let next: Resource;
    if (method === 'PUT') {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return scimError(400, 'PUT expects a resource', 'invalidSyntax');
      next = { ...body, id };
    } else if (method === 'PATCH') {
      next = structuredClone(existing);
      const failure = applyPatch(next, body?.Operations);
      if (failure) return failure;
      next.id = id;
    } else {
      return scimError(405, `${method} is not allowed on /${type}/{id}`);
    }
    delete next.meta;
    if (typeof next[unique] !== 'string' || !next[unique]) return scimError(400, `${unique} is required`, 'invalidValue');
    if (store.taken(next[unique], id)) return scimError(409, `${unique} ${next[unique]} exists`, 'uniqueness');
    store.put(next);
    return { status: 200, body: meta(next) };
  }

  /** A ListResponse of the resources matching the `eq` filter, if any, paged by `startIndex` (1-based) and `count`. */
  private list(store: Collection, query: URLSearchParams, meta: (r: Resource) => object): Answer {
    const filter = query.get('filter');
    let found: Resource[];
    if (filter) {
      const m = FILTER.exec(filter.trim());
      if (!m) return scimError(400, `unsupported filter ${filter}`, 'invalidFilter');
      found = store.find(m[1], JSON.parse(m[2]) as string);
    } else {
      found = [...store.byId.values()];
    }
    const startIndex = Math.max(1, Number.parseInt(query.get('startIndex') ?? '1', 10) || 1);
    const count = query.has('count') ? Math.max(0, Number.parseInt(query.get('count')!, 10) || 0) : found.length;
    const page = startIndex === 1 && count >= found.length ? found : found.slice(startIndex - 1, startIndex - 1 + count);
    return { status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: found.length, startIndex, itemsPerPage: page.length, Resources: page.map(meta) } };
  }
}
