export interface Reply<T = any> {
  status: number;
  type: string;
  body: T;
}

/** A JSON request to the REST API with a bearer token. */
export async function api<T = any>(baseUrl: string, method: string, path: string, opts: { token?: string | null; body?: unknown; raw?: string; contentType?: string } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined || opts.body !== undefined) {
    headers['content-type'] = opts.contentType ?? 'application/json';
    body = opts.raw ?? JSON.stringify(opts.body);
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : null };
}

/** Bound to one platform and token. */
export function client(baseUrl: string, token: string | null) {
  return {
    get: <T = any>(path: string) => api<T>(baseUrl, 'GET', path, { token }),
    post: <T = any>(path: string, body?: unknown) => api<T>(baseUrl, 'POST', path, { token, body }),
    put: <T = any>(path: string, body?: unknown) => api<T>(baseUrl, 'PUT', path, { token, body }),
    patch: <T = any>(path: string, body?: unknown) => api<T>(baseUrl, 'PATCH', path, { token, body }),
    delete: <T = any>(path: string) => api<T>(baseUrl, 'DELETE', path, { token }),
  };
}

/** `http://host:port` of an API base URL. */
export const origin = (apiBase: string) => new URL(apiBase).origin;
