import { origin } from './http.ts';
import type { Client } from './platform.ts';

export interface ScimReply<T = any> {
  status: number;
  type: string;
  headers: Headers;
  body: T;
}

/** A SCIM request to a source's base URL (`…/source/scim/<slug>`), with its bearer token. */
export async function scim<T = any>(base: string, token: string | null, method: string, path: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<ScimReply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.raw !== undefined || opts.body !== undefined) {
    headers['content-type'] ??= 'application/scim+json';
    body = opts.raw ?? JSON.stringify(opts.body);
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body: text ? JSON.parse(text) : null };
}

export interface TestSource {
  slug: string;
  token: string;
  /** `http://127.0.0.1:<port>/source/scim/<slug>` */
  base: string;
  /** Bound SCIM calls under `<base>/v2`. */
  call<T = any>(method: string, path: string, opts?: { body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<ScimReply<T>>;
}

/** Creates a SCIM source through the REST API and returns how to talk to it. */
export async function createScimSource(admin: Client, apiBase: string, slug: string, config: Record<string, unknown> = {}): Promise<TestSource> {
  const res = await admin.post('/sources/scim/', { name: `Source ${slug}`, slug, ...config });
  if (res.status !== 201) throw new Error(`creating the source failed: ${res.status} ${JSON.stringify(res.body)}`);
  const base = `${origin(apiBase)}/source/scim/${slug}`;
  const token = res.body.token as string;
  return { slug, token, base, call: (method, path, opts) => scim(base, token, method, `/v2${path}`, opts) };
}

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A PatchOp body. */
export const patchOp = (...Operations: Record<string, unknown>[]) => ({ schemas: [PATCH_OP], Operations });
