import type { ServiceSchema } from 'moleculer';
import type { EntityManager } from '@mikro-orm/sql';
import type { ListQuery, NamedListQuery, NotificationTransport as TransportDto, NotificationTransportRequest } from '../../schemas/types.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { likeTerm, paginate } from '../kernel/pagination.ts';
import { byPk, pkWithData, UUID_PK } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref, refRequiring } from '../kernel/validator.ts';
import { NotificationRule } from './notification-rule.entity.ts';
import { Transport, type TransportEntity } from './transport.entity.ts';

const serialize = (t: TransportEntity): TransportDto => ({ pk: t.pk, name: t.name, mode: t.mode, webhook_url: t.webhook_url });

async function findTransport(em: EntityManager, pk: string): Promise<TransportEntity> {
  const transport = await em.findOne(Transport, { pk });
  if (!transport) throw notFound('notification transport', pk);
  return transport;
}

/** Notification transports: local (stored notifications), webhook, or Slack-shaped webhook. */
export function transportsService(deps: ServiceDeps): ServiceSchema {
  const save = (pk: string | null, data: NotificationTransportRequest) =>
    forkEm(deps).transactional(async (em) => {
      const transport = pk === null ? (em.create(Transport, { name: '', mode: 'local' } as never) as TransportEntity) : await findTransport(em, pk);
      em.assign(transport, data as never);
      if (transport.mode !== 'local' && !transport.webhook_url) {
        throw new IdpError('invalid_request', { detail: `A ${transport.mode} transport needs a webhook_url.`, errors: [{ pointer: '/webhook_url', message: 'is required for webhook modes' }] });
      }
      await em.flush();
      return serialize(transport);
    });
  return {
    name: 'events.transports',
    actions: {
      list: {
        params: ref('named-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & NamedListQuery;
          const where: Record<string, unknown> = {};
          if (q.name !== undefined) where.name = q.name;
          if (q.search) where.name = { $ilike: likeTerm(q.search) };
          const { pagination, rows } = await paginate(forkEm(deps), Transport, where, q, { allowed: ['name', 'mode'], default: 'name', tieBreaker: 'pk' });
          return { pagination, results: rows.map(serialize) };
        },
      },
      get: { params: byPk(UUID_PK), handler: async (ctx) => serialize(await findTransport(forkEm(deps), (ctx.params as { pk: string }).pk)) },
      create: { params: refRequiring('notification-transport-request', ['name', 'mode']), handler: (ctx) => save(null, ctx.params as NotificationTransportRequest) },
      replace: {
        params: pkWithData(UUID_PK, 'notification-transport-request', ['name', 'mode']),
        handler: (ctx) => { const { pk, data } = ctx.params as { pk: string; data: NotificationTransportRequest }; return save(pk, { webhook_url: '', ...data }); },
      },
      update: {
        params: pkWithData(UUID_PK, 'notification-transport-request'),
        handler: (ctx) => { const { pk, data } = ctx.params as { pk: string; data: NotificationTransportRequest }; return save(pk, data); },
      },
      remove: {
        params: byPk(UUID_PK),
        async handler(ctx) {
          const { pk } = ctx.params as { pk: string };
          await forkEm(deps).transactional(async (em) => {
            const transport = await findTransport(em, pk);
            for (const rule of await em.find(NotificationRule, {})) {
              if (rule.transports.includes(pk)) rule.transports = rule.transports.filter((t) => t !== pk);
            }
            em.remove(transport);
            await em.flush();
          });
          return { pk };
        },
      },
    },
  };
}
