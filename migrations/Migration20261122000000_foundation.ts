import { Migration } from '@mikro-orm/migrations';

/** Users, groups and memberships, tokens, applications, the install id and the transactional outbox. */
export class Migration20261122000000_foundation extends Migration {
  override name = 'Migration20261122000000_foundation';

  override up(): void {
    this.addSql(`create table core_settings (key varchar(64) primary key, value text not null);`);
    this.addSql(`insert into core_settings (key, value) values ('install_id', gen_random_uuid()::text);`);

    this.addSql(`create sequence core_user_pk_seq;`);
    this.addSql(`create table core_user (
      pk integer primary key,
      uuid uuid not null unique,
      username varchar(150) not null,
      name varchar(256) not null default '',
      email varchar(254) not null default '',
      is_active boolean not null default true,
      type varchar(32) not null default 'internal',
      path varchar(256) not null default 'users',
      attributes jsonb not null default '{}',
      password_hash text null,
      password_change_date timestamptz null,
      last_login timestamptz null,
      date_joined timestamptz not null default now(),
      constraint core_user_username_unique unique (username),
      constraint core_user_username_not_blank check (btrim(username) <> '')
    );`);
    this.addSql(`alter sequence core_user_pk_seq owned by core_user.pk;`);
    this.addSql(`create index core_user_email_index on core_user (email);`);

    this.addSql(`create sequence core_group_num_pk_seq;`);
    this.addSql(`create table core_group (
      pk uuid primary key,
      num_pk integer not null unique,
      name varchar(80) not null,
      parent_pk uuid null references core_group (pk) on delete set null,
      is_superuser boolean not null default false,
      attributes jsonb not null default '{}',
      constraint core_group_name_parent_unique unique nulls not distinct (name, parent_pk),
      constraint core_group_name_not_blank check (btrim(name) <> ''),
      constraint core_group_parent_not_self check (parent_pk is null or parent_pk <> pk)
    );`);
    this.addSql(`alter sequence core_group_num_pk_seq owned by core_group.num_pk;`);
    this.addSql(`create index core_group_parent_index on core_group (parent_pk);`);

    this.addSql(`create table core_group_users (
      group_pk uuid not null references core_group (pk) on delete cascade,
      user_pk integer not null references core_user (pk) on delete cascade,
      primary key (group_pk, user_pk)
    );`);
    this.addSql(`create index core_group_users_user_index on core_group_users (user_pk);`);

    this.addSql(`create table core_token (
      pk uuid primary key,
      identifier varchar(255) not null,
      key_hash varchar(64) not null,
      intent varchar(32) not null,
      user_pk integer not null references core_user (pk) on delete cascade,
      description text not null default '',
      expires timestamptz null,
      expiring boolean not null default true,
      created timestamptz not null default now(),
      constraint core_token_identifier_unique unique (identifier),
      constraint core_token_key_hash_unique unique (key_hash)
    );`);
    this.addSql(`create index core_token_user_index on core_token (user_pk);`);

    this.addSql(`create table core_application (
      pk uuid primary key,
      name varchar(255) not null,
      slug varchar(50) not null,
      provider integer null,
      backchannel_providers jsonb not null default '[]',
      "group" varchar(255) not null default '',
      meta_launch_url varchar(2048) not null default '',
      meta_description text not null default '',
      meta_publisher varchar(255) not null default '',
      constraint core_application_slug_unique unique (slug)
    );`);

    this.addSql(`create table event_outbox (
      seq bigint generated always as identity,
      id uuid primary key,
      type varchar(128) not null,
      model_key varchar(255) not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz null
    );`);
    this.addSql(`create unique index event_outbox_seq_index on event_outbox (seq);`);
    this.addSql(`create index event_outbox_pending_index on event_outbox (seq) where published_at is null;`);
  }
}
