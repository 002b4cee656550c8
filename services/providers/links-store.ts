import type { EntityManager } from '@mikro-orm/sql';
import type { Link, LinksStore, ObjectKind } from '../../plugins/sdk/index.ts';
import { placeholders } from '../kernel/sql.ts';

interface LinkRow {
  kind: ObjectKind;
  local_id: string;
  remote_id: string | null;
  state: Record<string, unknown>;
}

const toLink = (r: LinkRow): Link => ({ kind: r.kind, localId: r.local_id, remoteId: r.remote_id, state: r.state });

/** One provider's links, kept by the host in providers_link; each write commits on its own. */
export function hostLinks(fork: () => EntityManager, providerPk: number): LinksStore {
  return {
    async get(kind, localIds) {
      if (localIds.length === 0) return new Map();
      const rows = await fork().execute<LinkRow[]>(
        `select kind, local_id, remote_id, state from providers_link where provider_pk = ? and kind = ? and local_id in (${placeholders(localIds.length)})`,
        [providerPk, kind, ...localIds],
      );
      return new Map(rows.map((r) => [r.local_id, toLink(r)]));
    },
    async remoteIds(kind, localIds) {
      if (localIds.length === 0) return new Map();
      const rows = await fork().execute<{ local_id: string; remote_id: string }[]>(
        `select local_id, remote_id from providers_link where provider_pk = ? and kind = ? and remote_id is not null and local_id in (${placeholders(localIds.length)})`,
        [providerPk, kind, ...localIds],
      );
      return new Map(rows.map((r) => [r.local_id, r.remote_id]));
    },
    async findByRemote(kind, remoteId) {
      const [row] = await fork().execute<LinkRow[]>(
        `select kind, local_id, remote_id, state from providers_link where provider_pk = ? and kind = ? and remote_id = ? limit 1`,
        [providerPk, kind, remoteId],
      );
      return row ? toLink(row) : null;
    },
    async save(links) {
      if (links.length === 0) return;
      await fork().execute(
        `insert into providers_link (provider_pk, kind, local_id, remote_id, state, synced_at)
         values ${links.map(() => '(?, ?, ?, ?, ?, now())').join(', ')}
         on conflict (provider_pk, kind, local_id) do update set remote_id = excluded.remote_id, state = excluded.state, synced_at = now()`,
        links.flatMap((l) => [providerPk, l.kind, l.localId, l.remoteId, JSON.stringify(l.state)]),
      );
    },
    async remove(kind, localId) {
      await fork().execute(`delete from providers_link where provider_pk = ? and kind = ? and local_id = ?`, [providerPk, kind, localId]);
    },
  };
}
