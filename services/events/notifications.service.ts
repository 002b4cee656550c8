import type { Context, ServiceSchema } from 'moleculer';
import type { ListQuery, Notification as NotificationDto, NotificationListQuery } from '../../schemas/types.ts';
import { IdpError, notFound } from '../kernel/errors.ts';
import { paginate } from '../kernel/pagination.ts';
import { UUID_PK } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { ref } from '../kernel/validator.ts';
import { Notification, type NotificationEntity } from './notification.entity.ts';

const serialize = (n: NotificationEntity): NotificationDto => ({ pk: n.pk, severity: n.severity, body: n.body, created: n.created.toISOString(), event: n.event_pk ?? null, seen: n.seen });

/** The caller's user pk: notifications are always the current user's own. */
function owner(ctx: Context): number {
  const user = (ctx.meta as { user?: { pk: number } | null }).user;
  if (!user) throw new IdpError('unauthenticated');
  return user.pk;
}

/** The current user's notifications: list, mark one seen, mark all seen. */
export function notificationsService(deps: ServiceDeps): ServiceSchema {
  return {
    name: 'events.notifications',
    actions: {
      list: {
        params: ref('notification-list-query'),
        async handler(ctx) {
          const q = ctx.params as ListQuery & NotificationListQuery;
          const where: Record<string, unknown> = { user: owner(ctx) };
          if (q.seen !== undefined) where.seen = q.seen;
          if (q.severity !== undefined) where.severity = q.severity;
          const { pagination, rows } = await paginate(forkEm(deps), Notification, where, q, { allowed: ['created', 'severity'], default: '-created', tieBreaker: 'pk' });
          return { pagination, results: rows.map(serialize) };
        },
      },
      update: {
        params: { type: 'object', properties: { pk: UUID_PK, data: ref('notification-update-request') }, required: ['pk', 'data'], additionalProperties: false },
        async handler(ctx) {
          const { pk, data } = ctx.params as { pk: string; data: { seen: boolean } };
          return forkEm(deps).transactional(async (em) => {
            const n = await em.findOne(Notification, { pk, user: owner(ctx) });
            if (!n) throw notFound('notification', pk);
            n.seen = data.seen;
            await em.flush();
            return serialize(n);
          });
        },
      },
      markAllSeen: {
        async handler(ctx) {
          await forkEm(deps).nativeUpdate(Notification, { user: owner(ctx), seen: false }, { seen: true });
          return {};
        },
      },
    },
  };
}
