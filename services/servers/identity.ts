import type { ServiceBroker } from 'moleculer';
import type { Identity, Logger } from '../../plugins/sdk/index.ts';

/** The sign-in checks servers get, answered by the users and applications services, and sign-in events recorded by the events service. */
export function hostIdentity(broker: ServiceBroker, server: string, logger: Logger): Identity {
  return {
    async checkPassword(pk, password) {
      return ((await broker.call('users.checkPassword', { pk, password })) as { ok: boolean }).ok;
    },
    async verifyCode(pk, code) {
      return ((await broker.call('users.verifyMfaCode', { pk, code })) as { ok: boolean }).ok;
    },
    async hasMfa(pk) {
      return ((await broker.call('users.hasMfa', { pk })) as { enrolled: boolean }).enrolled;
    },
    async mayAccess(provider, user, clientIp) {
      if (!provider.application) return false;
      return ((await broker.call('applications.checkAccess', { slug: provider.application.slug, user, clientIp })) as { allowed: boolean }).allowed;
    },
    record(event) {
      const params = { action: event.action, app: `providers.${server}`, context: event.context, client_ip: event.clientIp, user: { pk: event.user.pk, username: event.user.username } };
      broker.call('events.record', params).catch((err: Error) => logger.warn(`recording ${event.action} failed: ${err.message}`));
    },
  };
}
