import { isPluginError, type ObjectRef, type ProviderContext, type SyncResult } from '../sdk/index.ts';
import type { ScimClient } from './client/scim-client.ts';
import type { ScimCapabilities } from './client/service-provider-config.ts';
import type { ScimConfig } from './config.ts';

/** What one batch's reconcile works with: the instance's context and client, and the target's capabilities. */
export interface SyncEnv {
  ctx: ProviderContext<ScimConfig>;
  client: ScimClient;
  caps: ScimCapabilities;
  /** The batch belongs to a full sync, which sends its writes through /Bulk whenever the target advertises it. */
  fullSync: boolean;
}

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** JSON with object keys sorted, so two equal bodies compare equal whatever order their keys were built in. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A filter that finds one resource by an attribute, with the value quoted per RFC 7644 §3.4.2.2. */
export const eqFilter = (attribute: string, value: string) => `filter=${encodeURIComponent(`${attribute} eq ${JSON.stringify(value)}`)}`;

/** A reconcile that could not finish, with the remote's answer when there was one. */
export function failed(ref: ObjectRef, err: unknown, writes = 0): SyncResult {
  if (isPluginError(err)) {
    return { ref, outcome: 'failed', writes, error: { code: err.code, message: err.message, retryable: err.retryable, retryAfterMs: err.retryAfterMs, remote: err.remote } };
  }
  return { ref, outcome: 'failed', writes, error: { code: 'scim.internal', message: (err as Error)?.message ?? String(err), retryable: true } };
}

/** Whether an error is the remote saying the object is not there (so: re-create) or already there (so: adopt). */
export const isCode = (err: unknown, name: 'remote_not_found' | 'remote_conflict') => isPluginError(err) && err.code === `scim.${name}`;
