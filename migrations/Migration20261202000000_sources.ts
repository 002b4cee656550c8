import { Migration } from '@mikro-orm/migrations';

/** Source instances (inbound provisioning) and the users and groups each one created or adopted. */
export class Migration20261202000000_sources extends Migration {
  override name = 'Migration20261202000000_sources';

  override up(): void {
    this.addSql(`create sequence sources_source_pk_seq;`);
    this.addSql(`create table sources_source (
      pk integer primary key,
      name varchar(255) not null,
      slug varchar(50) not null,
      type varchar(64) not null,
      enabled boolean not null default true,
      config jsonb not null default '{}',
      user_pk integer null references core_user (pk) on delete set null,
      created timestamptz not null default now(),
      updated timestamptz not null default now(),
      constraint sources_source_name_unique unique (name),
      constraint sources_source_slug_unique unique (slug),
      constraint sources_source_name_not_blank check (btrim(name) <> ''),
      constraint sources_source_slug_format check (slug ~ '^[a-z0-9][a-z0-9_-]*$')
    );`);
    this.addSql(`alter sequence sources_source_pk_seq owned by sources_source.pk;`);
    this.addSql(`create table sources_object (
      source_pk integer not null references sources_source (pk) on delete cascade,
      kind varchar(8) not null,
      user_pk integer null references core_user (pk) on delete cascade,
      group_pk uuid null references core_group (pk) on delete cascade,
      external_id varchar(255) null,
      document jsonb not null default '{}',
      created timestamptz not null default now(),
      last_modified timestamptz not null default now(),
      version integer not null default 1,
      constraint sources_object_kind check (
        (kind = 'user' and user_pk is not null and group_pk is null) or (kind = 'group' and group_pk is not null and user_pk is null)
      )
    );`);
    this.addSql(`create unique index sources_object_user_unique on sources_object (source_pk, user_pk) where user_pk is not null;`);
    this.addSql(`create unique index sources_object_group_unique on sources_object (source_pk, group_pk) where group_pk is not null;`);
    this.addSql(`create index sources_object_external_index on sources_object (source_pk, kind, external_id);`);
    this.addSql(`create index sources_object_user_index on sources_object (user_pk);`);
    this.addSql(`create index sources_object_group_index on sources_object (group_pk);`);
    this.addSql(`create index core_user_username_lower_index on core_user (lower(username));`);
    this.addSql(`create index core_group_name_lower_index on core_group (lower(name));`);
  }
}
