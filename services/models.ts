import type { ModelDefinition } from './kernel/model-definition.ts';
import { Application } from './applications/application.entity.ts';
import { Event } from './events/event.entity.ts';
import { Notification } from './events/notification.entity.ts';
import { NotificationRule } from './events/notification-rule.entity.ts';
import { Transport } from './events/transport.entity.ts';
import { Group } from './groups/group.entity.ts';
import { Membership } from './groups/membership.entity.ts';
import { Binding } from './policies/binding.entity.ts';
import { Policy } from './policies/policy.entity.ts';
import { PropertyMapping } from './providers/property-mapping.entity.ts';
import { ProviderLink } from './providers/provider-link.entity.ts';
import { Provider } from './providers/provider.entity.ts';
import { ServerRecord } from './servers/server-record.entity.ts';
import { Source } from './sources/source.entity.ts';
import { StaticToken } from './users/static-token.entity.ts';
import { Token } from './users/token.entity.ts';
import { TotpDevice } from './users/totp-device.entity.ts';
import { User } from './users/user.entity.ts';

/** Every model the API writes. `GET /admin/models/` lists them; the change-event subscriber reads them. */
export const MODELS: ModelDefinition[] = [
  {
    entity: User, app: 'core', model_name: 'user', label: 'User', event: 'user',
    secretFields: ['password_hash'], sequences: { pk: 'core_user_pk_seq' },
    describe: (u) => u.username,
  },
  {
    entity: Group, app: 'core', model_name: 'group', label: 'Group', event: 'group',
    sequences: { num_pk: 'core_group_num_pk_seq' },
    describe: (g) => g.name,
  },
  {
    entity: Membership, app: 'core', model_name: 'group', label: 'Group', event: 'group',
    membership: { owner: 'group', member: 'user' },
    describe: (m) => m.group?.name ?? String(m.group?.pk),
  },
  {
    entity: Token, app: 'core', model_name: 'token', label: 'Token', event: 'token',
    secretFields: ['key_hash'],
    describe: (t) => t.identifier,
  },
  {
    entity: Application, app: 'core', model_name: 'application', label: 'Application', event: 'application',
    describe: (a) => a.name,
  },
  {
    entity: Policy, app: 'policies', model_name: 'policy', label: 'Policy', event: 'policy',
    describe: (p) => p.name,
  },
  {
    entity: Binding, app: 'policies', model_name: 'policybinding', label: 'Policy binding', event: 'policy_binding',
    describe: (b) => `${b.policy?.pk ?? b.group?.pk ?? b.user?.pk ?? ''} → ${b.target}`,
  },
  {
    entity: NotificationRule, app: 'events', model_name: 'notificationrule', label: 'Notification rule', event: 'notification_rule',
    describe: (r) => r.name,
  },
  {
    entity: Transport, app: 'events', model_name: 'notificationtransport', label: 'Notification transport', event: 'notification_transport',
    secretFields: ['webhook_url'],
    describe: (t) => t.name,
  },
  {
    entity: Provider, app: 'providers', model_name: 'provider', label: 'Provider', event: 'provider',
    secretFields: ['secrets'], sequences: { pk: 'providers_provider_pk_seq' },
    describe: (p) => p.name,
  },
  {
    entity: PropertyMapping, app: 'providers', model_name: 'propertymapping', label: 'Property mapping', event: 'property_mapping',
    describe: (m) => m.name,
  },
  {
    entity: Source, app: 'sources', model_name: 'source', label: 'Source', event: 'source',
    sequences: { pk: 'sources_source_pk_seq' },
    describe: (s) => s.name,
  },
];

/**
 * Stored but not reported as model changes: the event log and the notifications it produces (reporting them would
 * feed back into rules), providers' links (bookkeeping of what reached a remote), users' MFA devices (their
 * rows hold TOTP secrets and their counters change at every login), and servers' protocol records (sessions and
 * codes, written at every sign-in).
 */
export const UNLOGGED_ENTITIES = [Event, Notification, ProviderLink, TotpDevice, StaticToken, ServerRecord];
