import { Migration } from '@mikro-orm/migrations';

/** The bus's bookkeeping, the event log, policies and bindings, notification rules, transports and deliveries. */
export class Migration20261122010000_events extends Migration {
  override name = 'Migration20261122010000_events';

  override up(): void {
    this.addSql(`alter table event_outbox add column published_seq bigint null;`);
    this.addSql(`create sequence event_outbox_published_seq;`);
    this.addSql(`create unique index event_outbox_published_seq_index on event_outbox (published_seq) where published_seq is not null;`);
    this.addSql(`create table bus_consumer (name varchar(128) primary key, position bigint not null default 0, updated_at timestamptz not null default now());`);
    this.addSql(`create table bus_processed (
      consumer varchar(128) not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    );`);
    this.addSql(`create index bus_processed_at_index on bus_processed (processed_at);`);

    this.addSql(`create table events_event (
      pk uuid primary key,
      action varchar(64) not null,
      app varchar(128) not null,
      context jsonb not null default '{}',
      client_ip inet null,
      "user" jsonb not null default '{}',
      created timestamptz not null default now(),
      expires timestamptz not null,
      source_event uuid null unique
    );`);
    this.addSql(`create index events_event_created_index on events_event (created);`);
    this.addSql(`create index events_event_action_index on events_event (action, created);`);
    this.addSql(`create index events_event_expires_index on events_event (expires);`);
    this.addSql(`create index events_event_model_index on events_event (((context->'model'->>'app') || '.' || (context->'model'->>'model_name')));`);
    this.addSql(`create index events_event_username_index on events_event (("user"->>'username'));`);

    this.addSql(`create table policies_policy (
      pk uuid primary key,
      name varchar(255) not null,
      type varchar(64) not null,
      config jsonb not null default '{}',
      execution_logging boolean not null default false,
      created timestamptz not null default now(),
      constraint policies_policy_name_unique unique (name)
    );`);
    this.addSql(`create table policies_binding (
      pk uuid primary key,
      target uuid not null,
      policy_pk uuid not null references policies_policy (pk) on delete cascade,
      "order" integer not null default 0,
      negate boolean not null default false,
      enabled boolean not null default true,
      timeout integer not null default 30,
      constraint policies_binding_target_policy_unique unique (target, policy_pk)
    );`);
    this.addSql(`create index policies_binding_target_index on policies_binding (target, "order");`);

    this.addSql(`create table events_transport (
      pk uuid primary key,
      name varchar(255) not null,
      mode varchar(32) not null,
      webhook_url varchar(2048) not null default '',
      webhook_mapping jsonb null,
      constraint events_transport_name_unique unique (name)
    );`);
    this.addSql(`create table events_rule (
      pk uuid primary key,
      name varchar(255) not null,
      policy_engine_mode varchar(8) not null default 'any',
      severity varchar(16) not null default 'notice',
      group_pk uuid null references core_group (pk) on delete set null,
      transports jsonb not null default '[]',
      send_once boolean not null default false,
      constraint events_rule_name_unique unique (name)
    );`);
    this.addSql(`create table events_notification (
      pk uuid primary key,
      severity varchar(16) not null,
      body text not null,
      created timestamptz not null default now(),
      event_pk uuid null references events_event (pk) on delete set null,
      user_pk integer not null references core_user (pk) on delete cascade,
      seen boolean not null default false,
      rule_pk uuid null,
      constraint events_notification_once unique (rule_pk, event_pk, user_pk)
    );`);
    this.addSql(`create index events_notification_user_index on events_notification (user_pk, created);`);
    this.addSql(`create table events_delivery (
      pk uuid primary key,
      rule_pk uuid not null,
      transport_pk uuid not null references events_transport (pk) on delete cascade,
      event_pk uuid not null references events_event (pk) on delete cascade,
      user_pk integer not null references core_user (pk) on delete cascade,
      status varchar(16) not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text not null default '',
      created timestamptz not null default now(),
      delivered_at timestamptz null,
      constraint events_delivery_once unique (rule_pk, transport_pk, event_pk, user_pk)
    );`);
    this.addSql(`create index events_delivery_due_index on events_delivery (next_attempt_at) where status = 'pending';`);
  }
}
