import { Migration } from '@mikro-orm/migrations';

/** Provider instances and property mappings, the links to remote objects, the provisioning job queue and sync runs. */
export class Migration20261123000000_providers extends Migration {
  override name = 'Migration20261123000000_providers';

  override up(): void {
    this.addSql(`create table providers_provider (
      pk serial primary key,
      name varchar(255) not null,
      type varchar(64) not null,
      config jsonb not null default '{}',
      secrets jsonb not null default '{}',
      created timestamptz not null default now(),
      updated timestamptz not null default now(),
      constraint providers_provider_name_unique unique (name),
      constraint providers_provider_name_not_blank check (btrim(name) <> '')
    );`);
    this.addSql(`create table providers_property_mapping (
      pk uuid primary key,
      name varchar(255) not null,
      type varchar(64) not null,
      expression text not null,
      created timestamptz not null default now(),
      constraint providers_property_mapping_name_unique unique (type, name),
      constraint providers_property_mapping_name_not_blank check (btrim(name) <> '')
    );`);
    this.addSql(`create table providers_link (
      provider_pk integer not null references providers_provider (pk) on delete cascade,
      kind varchar(8) not null,
      local_id varchar(64) not null,
      remote_id varchar(255) null,
      state jsonb not null default '{}',
      status varchar(16) not null default 'ok',
      error jsonb null,
      synced_at timestamptz null,
      primary key (provider_pk, kind, local_id)
    );`);
    this.addSql(`alter table providers_link set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);`);
    this.addSql(`create index providers_link_remote_index on providers_link (provider_pk, kind, remote_id);`);
    this.addSql(`create index providers_link_failed_index on providers_link (provider_pk) where status = 'failed';`);
    this.addSql(`create table providers_sync_run (
      pk uuid primary key,
      provider_pk integer not null references providers_provider (pk) on delete cascade,
      trigger varchar(16) not null,
      status varchar(16) not null default 'running',
      started timestamptz not null default now(),
      finished timestamptz null,
      total integer not null default 0,
      done integer not null default 0,
      failed integer not null default 0,
      writes integer not null default 0,
      again boolean not null default false
    );`);
    this.addSql(`create unique index providers_sync_run_one_running on providers_sync_run (provider_pk) where finished is null;`);
    this.addSql(`create index providers_sync_run_started_index on providers_sync_run (provider_pk, started);`);
    this.addSql(`create table providers_job (
      provider_pk integer not null references providers_provider (pk) on delete cascade,
      kind varchar(8) not null,
      local_id varchar(64) not null,
      run_pk uuid null references providers_sync_run (pk) on delete set null,
      version integer not null default 1,
      attempts integer not null default 0,
      not_before timestamptz not null default now(),
      leased_until timestamptz null,
      enqueued_at timestamptz not null default now(),
      primary key (provider_pk, kind, local_id)
    );`);
    this.addSql(`alter table providers_job set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);`);
    this.addSql(`create index providers_job_due_index on providers_job (not_before);`);
    this.addSql(`create index providers_job_provider_due_index on providers_job (provider_pk, not_before);`);
    this.addSql(`create index providers_job_provider_kind_due_index on providers_job (provider_pk, kind, not_before);`);
    this.addSql(`create index providers_job_run_index on providers_job (run_pk) where run_pk is not null;`);
  }
}
