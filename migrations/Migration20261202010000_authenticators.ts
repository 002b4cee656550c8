import { Migration } from '@mikro-orm/migrations';

/**
 * Users' second factors: TOTP devices (the secret is kept readable, since codes are computed from it) and
 * single-use static recovery codes (only their SHA-256).
 */
export class Migration20261202010000_authenticators extends Migration {
  override name = 'Migration20261202010000_authenticators';

  override up(): void {
    this.addSql(`create table authenticators_totp_device (
      pk uuid primary key,
      user_pk integer not null references core_user (pk) on delete cascade,
      name varchar(64) not null,
      secret varchar(64) not null,
      digits integer not null default 6,
      period integer not null default 30,
      algorithm varchar(8) not null default 'sha1',
      confirmed boolean not null default false,
      last_counter bigint null,
      created timestamptz not null default now(),
      constraint authenticators_totp_device_digits check (digits in (6, 8)),
      constraint authenticators_totp_device_period check (period > 0),
      constraint authenticators_totp_device_algorithm check (algorithm in ('sha1', 'sha256', 'sha512'))
    );`);
    this.addSql(`create index authenticators_totp_device_user_index on authenticators_totp_device (user_pk);`);
    this.addSql(`create table authenticators_static_token (
      pk uuid primary key,
      user_pk integer not null references core_user (pk) on delete cascade,
      token_hash varchar(64) not null,
      created timestamptz not null default now(),
      used_at timestamptz null
    );`);
    this.addSql(`create index authenticators_static_token_user_hash_index on authenticators_static_token (user_pk, token_hash);`);
  }
}
