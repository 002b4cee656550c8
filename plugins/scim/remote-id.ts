import type { SyncEnv } from './sync-env.ts';
import { eqFilter } from './sync-env.ts';
import { scimErrors } from './errors.ts';

/**
 * After a create answered 409, finds the remote resource that holds the name (`userName` or `displayName`) so it
 * can be linked instead of duplicated; none found means the conflict is about something else.
 */
export async function findExisting(env: SyncEnv, endpoint: '/Users' | '/Groups', attribute: string, value: string, conflict: unknown): Promise<string> {
  const { body } = await env.client.request<{ Resources?: { id?: string }[] }>('GET', `${endpoint}?${eqFilter(attribute, value)}`);
  const id = body?.Resources?.[0]?.id;
  if (typeof id !== 'string') throw conflict instanceof Error ? conflict : scimErrors.remote_conflict();
  return id;
}

/** The id of a resource the remote created: from the body, else the last segment of its location. */
export function createdId(body: { id?: unknown } | null, location?: string): string {
  if (typeof body?.id === 'string' && body.id) return body.id;
  const fromLocation = location?.replace(/\/+$/, '').split('/').pop();
  if (fromLocation) return decodeURIComponent(fromLocation);
  throw scimErrors.remote_error('The SCIM server created the resource but returned no id.');
}
