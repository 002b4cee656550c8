import type { PluginError, RemoteFailure } from '../../sdk/index.ts';
import { scimErrors } from '../errors.ts';

const EXCERPT = 300;

/** Whitespace collapsed and cut to a short excerpt, for text that ends up in errors and logs. */
export const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
};

/**
 * What a SCIM error body says (RFC 7644 §3.12: `{"schemas":[…Error], "status":"409", "scimType", "detail"}`). A body
 * that is not JSON, or JSON without a `detail`, gives an excerpt of itself as the detail.
 */
export function parseScimError(text: string): Omit<RemoteFailure, 'status'> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const { scimType, detail } = (typeof body === 'object' && body !== null ? body : {}) as { scimType?: unknown; detail?: unknown };
  const out: Omit<RemoteFailure, 'status'> = {};
  if (typeof scimType === 'string' && scimType) out.scimType = scimType;
  const said = typeof detail === 'string' && detail.trim() ? detail : text;
  if (said.trim()) out.detail = excerpt(said);
  return out;
}

/** Whether the client tries an HTTP status again: 408, 429 and 5xx. */
const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * The catalogue error for a non-2xx answer: 404 `remote_not_found` and 409 `remote_conflict` (not retryable),
 * 408/429/5xx `remote_unavailable` (retryable, with the Retry-After delay when given), any other `remote_error`.
 */
export function errorForStatus(method: string, path: string, status: number, text: string, retryAfter?: number): PluginError {
  const remote: RemoteFailure = { status, ...parseScimError(text) };
  const message = `${method} ${path} answered ${status}${remote.scimType ? ` (${remote.scimType})` : ''}${remote.detail ? `: ${remote.detail}` : ''}`;
  if (status === 404) return scimErrors.remote_not_found(message, { remote });
  if (status === 409) return scimErrors.remote_conflict(message, { remote });
  if (isRetryableStatus(status)) return scimErrors.remote_unavailable(message, { remote, retryable: true, retryAfterMs: retryAfter });
  return scimErrors.remote_error(message, { remote });
}
