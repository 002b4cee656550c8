import { Migration } from '@mikro-orm/migrations';

/**
 * Bindings name a group or a user instead of a policy (exactly one of the three), going with what they name;
 * applications get the engine mode that combines their bindings.
 */
export class Migration20261202020000_binding_subjects extends Migration {
  override name = 'Migration20261202020000_binding_subjects';

  override up(): void {
    this.addSql(`alter table policies_binding alter column policy_pk drop not null;`);
    this.addSql(`alter table policies_binding
      add column group_pk uuid null references core_group (pk) on delete cascade,
      add column user_pk integer null references core_user (pk) on delete cascade,
      add constraint policies_binding_one_subject check (num_nonnulls(policy_pk, group_pk, user_pk) = 1),
      add constraint policies_binding_target_group_unique unique (target, group_pk),
      add constraint policies_binding_target_user_unique unique (target, user_pk);`);
    this.addSql(`create index policies_binding_group_index on policies_binding (group_pk) where group_pk is not null;`);
    this.addSql(`create index policies_binding_user_index on policies_binding (user_pk) where user_pk is not null;`);
    this.addSql(`alter table core_application
      add column policy_engine_mode varchar(8) not null default 'any',
      add constraint core_application_policy_engine_mode check (policy_engine_mode in ('any', 'all'));`);
  }
}
