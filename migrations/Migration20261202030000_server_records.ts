import { Migration } from '@mikro-orm/migrations';

/**
 * Server plugins' durable protocol state (sessions, codes, tokens, keys), kept by the host so plugins ship no
 * migrations: one row per record of a server, with the keys it is looked up or removed by and when it expires.
 */
export class Migration20261202030000_server_records extends Migration {
  override name = 'Migration20261202030000_server_records';

  override up(): void {
    this.addSql(`create table server_records (
      server text not null,
      kind text not null,
      id text not null,
      payload jsonb not null,
      grant_id text null,
      uid text null,
      user_code text null,
      expires_at timestamptz null,
      consumed_at timestamptz null,
      created timestamptz not null default now(),
      primary key (server, kind, id)
    );`);
    this.addSql(`create index server_records_grant_index on server_records (server, grant_id) where grant_id is not null;`);
    this.addSql(`create index server_records_uid_index on server_records (server, kind, uid) where uid is not null;`);
    this.addSql(`create index server_records_user_code_index on server_records (server, kind, user_code) where user_code is not null;`);
    this.addSql(`create index server_records_expires_index on server_records (expires_at) where expires_at is not null;`);
  }
}
