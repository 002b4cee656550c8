import type { Provider as ProviderDto, ProviderObject, SyncRun as SyncRunDto } from '../../schemas/types.ts';
import type { ProviderEntity } from './provider.entity.ts';
import type { ProviderLinkEntity } from './provider-link.entity.ts';
import type { SyncRun } from './sync-runs.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A provider as the API returns it: never its secrets. */
export const serializeProvider = (p: ProviderEntity): ProviderDto => ({
  ...p.config, pk: p.pk, name: p.name, type: p.type, created: iso(p.created)!, updated: iso(p.updated)!,
});

export const serializeRun = (r: SyncRun): SyncRunDto => ({
  pk: r.pk, trigger: r.trigger, status: r.status, started: iso(r.started)!, finished: iso(r.finished),
  total: r.total, done: r.done, failed: r.failed, writes: r.writes,
});

export const serializeLink = (l: Pick<ProviderLinkEntity, 'kind' | 'local_id' | 'remote_id' | 'status' | 'error' | 'synced_at'>): ProviderObject => ({
  kind: l.kind as ProviderObject['kind'], local_id: l.local_id, remote_id: l.remote_id ?? null, status: l.status as ProviderObject['status'],
  error: (l.error ?? null) as ProviderObject['error'], synced_at: iso(l.synced_at ?? null),
});
