import { Migration } from '@mikro-orm/migrations';

/**
 * Server plugins' durable protocol state (sessions, codes, tokens, keys), kept by the host so plugins ship no
 * migrations: one row per record of a server, with the keys it is looked up or removed by and when it expires.
 */
export class Migration20261202030000_servers_record extends Migration {
  override name = 'Migration20261202030000_servers_record';

  override up(): void {
    this.addSql(`create table servers_record (
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
    this.addSql(`create index servers_record_grant_index on servers_record (server, grant_id) where grant_id is not null;`);
    this.addSql(`create index servers_record_uid_index on servers_record (server, kind, uid) where uid is not null;`);
    this.addSql(`create index servers_record_user_code_index on servers_record (server, kind, user_code) where user_code is not null;`);
    this.addSql(`create index servers_record_expires_index on servers_record (expires_at) where expires_at is not null;`);
  }
}
