import type { EntityManager } from '@mikro-orm/sql';
import type { RecordStore, StoredRecord } from '../../plugins/sdk/index.ts';

/** How long past its expiry a record stays before `sweep` deletes it (reads already ignore it). */
const SWEEP_GRACE_SECONDS = 60;

const COLUMNS = `id, payload, expires_at, consumed_at`;
const LIVE = `(expires_at is null or expires_at > now())`;
const LOOKUP_COLUMN = { uid: 'uid', userCode: 'user_code' } as const;

interface RecordRow {
  id: string;
  payload: Record<string, unknown>;
  expires_at: Date | string | null;
  consumed_at: Date | string | null;
}

const toDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

const toRecord = (r: RecordRow): StoredRecord => ({ id: r.id, payload: r.payload, expiresAt: toDate(r.expires_at), consumedAt: toDate(r.consumed_at) });

/** `prefix` as a LIKE pattern that matches it literally at the start (its `%`, `_` and `\` escaped). */
const startsWith = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One server's records, kept by the host in servers_record; each call is one statement that commits on its own.
 * Expired records are never returned; `sweep` (of every server's records) deletes them a minute after they expire.
 */
export function hostRecordStore(fork: () => EntityManager, server: string): RecordStore & { sweep(): Promise<number> } {
  return {
    async put(kind, id, payload, opts = {}) {
      const { expiresIn, grantId = null, uid = null, userCode = null } = opts;
      if (expiresIn !== undefined && !Number.isFinite(expiresIn)) throw new RangeError(`expiresIn must be a finite number of seconds, not ${expiresIn}`);
      await fork().execute(
        `insert into servers_record (server, kind, id, payload, grant_id, uid, user_code, expires_at)
         values (?, ?, ?, ?::jsonb, ?, ?, ?, now() + make_interval(secs => ?::double precision))
         on conflict (server, kind, id) do update set payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
           user_code = excluded.user_code, expires_at = excluded.expires_at, consumed_at = null`,
        [server, kind, id, JSON.stringify(payload), grantId, uid, userCode, expiresIn ?? null],
      );
    },
    async add(kind, id, payload, opts = {}) {
      const { expiresIn } = opts;
      if (expiresIn !== undefined && !Number.isFinite(expiresIn)) throw new RangeError(`expiresIn must be a finite number of seconds, not ${expiresIn}`);
      const rows = await fork().execute<{ id: string }[]>(
        `insert into servers_record (server, kind, id, payload, expires_at)
         values (?, ?, ?, ?::jsonb, now() + make_interval(secs => ?::double precision))
         on conflict (server, kind, id) do update set payload = excluded.payload, expires_at = excluded.expires_at, consumed_at = null,
           grant_id = null, uid = null, user_code = null, created = now()
         where servers_record.expires_at is not null and servers_record.expires_at <= now()
         returning id`,
        [server, kind, id, JSON.stringify(payload), expiresIn ?? null],
      );
      return rows.length === 1;
    },
    async get(kind, id) {
      const [row] = await fork().execute<RecordRow[]>(
        `select ${COLUMNS} from servers_record where server = ? and kind = ? and id = ? and ${LIVE}`,
        [server, kind, id],
      );
      return row ? toRecord(row) : undefined;
    },
    async findBy(kind, key, value) {
      const [row] = await fork().execute<RecordRow[]>(
        `select ${COLUMNS} from servers_record where server = ? and kind = ? and ${LOOKUP_COLUMN[key]} = ? and ${LIVE}
         order by created desc, id limit 1`,
        [server, kind, value],
      );
      return row ? toRecord(row) : undefined;
    },
    async list(kind, prefix) {
      const rows = await fork().execute<RecordRow[]>(
        `select ${COLUMNS} from servers_record where server = ? and kind = ? and id like ? escape '\\' and ${LIVE} order by created, id`,
        [server, kind, startsWith(prefix)],
      );
      return rows.map(toRecord);
    },
    async consume(kind, id) {
      const rows = await fork().execute<{ id: string }[]>(
        `update servers_record set consumed_at = now()
         where server = ? and kind = ? and id = ? and consumed_at is null and ${LIVE} returning id`,
        [server, kind, id],
      );
      return rows.length === 1;
    },
    async remove(kind, id) {
      await fork().execute(`delete from servers_record where server = ? and kind = ? and id = ?`, [server, kind, id]);
    },
    async removeGrant(grantId) {
      await fork().execute(`delete from servers_record where server = ? and grant_id = ?`, [server, grantId]);
    },
    async removeAll(prefix) {
      await fork().execute(`delete from servers_record where server = ? and id like ? escape '\\'`, [server, startsWith(prefix)]);
    },
    async sweep() {
      const { affectedRows } = await fork().execute<{ affectedRows: number }>(
        `delete from servers_record where expires_at < now() - make_interval(secs => ?)`,
        [SWEEP_GRACE_SECONDS],
        'run',
      );
      return affectedRows;
    },
  };
}
