import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { NotificationTransport as TransportDto, NotificationTransportRequest } from '../../schemas/types.ts';
import { crudActions, listByName } from '../kernel/crud-actions.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { UUID_PK } from '../kernel/params.ts';
import type { ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import { NotificationRule } from './notification-rule.entity.ts';
import { Transport, type TransportEntity } from './transport.entity.ts';
import { validateMapping } from './webhook-mapping.ts';

const serialize = (t: TransportEntity): TransportDto => ({ pk: t.pk, name: t.name, mode: t.mode, webhook_url: t.webhook_url, webhook_mapping: t.webhook_mapping ?? null });

async function findTransport(em: EntityManager, pk: string): Promise<TransportEntity> {
  const transport = await em.findOne(Transport, { pk });
  if (!transport) throw notFound('notification transport', pk);
  return transport;
}

/** Notification transports: local (stored notifications), webhook, or Slack-shaped webhook. */
export function transportsService(deps: ServiceDeps): ServiceSchema {
  return {
    name: 'events.transports',
    actions: {
      list: { params: ref('named-list-query'), handler: listByName(deps, Transport, serialize, ['name', 'mode']) },
      ...crudActions<TransportEntity, NotificationTransportRequest, TransportDto>({
        deps, key: 'pk', keySchema: UUID_PK, request: 'notification-transport-request', required: ['name', 'mode'], replaceDefaults: { webhook_url: '', webhook_mapping: null },
        find: findTransport,
        blank: (em) => em.create(Transport, { name: '', mode: 'local' } as never) as TransportEntity,
        async apply(em, transport, data) {
          const problems = validateMapping(data.webhook_mapping);
          if (problems.length) throw new IdpError('invalid_request', { detail: problems.map((p) => `${p.pointer} ${p.message}`).join('; '), errors: problems });
          em.assign(transport, data as never);
          if (transport.mode !== 'local' && !transport.webhook_url) {
            throw new IdpError('invalid_request', { detail: `A ${transport.mode} transport needs a webhook_url.`, errors: [{ pointer: '/webhook_url', message: 'is required for webhook modes' }] });
          }
        },
        serialize: (_em, t) => serialize(t),
        async beforeRemove(em, transport) {
          for (const rule of await em.find(NotificationRule, {})) {
            if (rule.transports.includes(transport.pk)) rule.transports = rule.transports.filter((t) => t !== transport.pk);
          }
        },
      }),
    },
  };
}
