import type { ServiceBroker } from 'moleculer';
import type { Identity, Logger } from '../../plugins/sdk/index.ts';

/** Access decisions kept at most (by application, user and client address). */
const DECISIONS_KEPT = 10_000;

/**
 * The sign-in checks servers get (usernames, passwords, app passwords, second-factor codes and access), answered by
 * the users and applications services, and sign-in events recorded by the events service. Access decisions are kept
 * until `forget` (the host calls it on every change to users, groups, applications, policies or bindings), so a bind
 * does not re-run the application's policies each time; an answer that arrives after such a change is used once but
 * not kept.
 */
export function hostIdentity(broker: ServiceBroker, server: string, logger: Logger): Identity & { forget(): void } {
  const decisions = new Map<string, boolean>();
  let generation = 0;
  return {
    forget: () => {
      generation++;
      decisions.clear();
    },
    async authenticate(user, attempt) {
      const who = typeof user === 'number' ? { pk: user } : { username: user };
      return (await broker.call('users.signIn', { ...who, ...attempt })) as { ok: boolean; enrolled: boolean; pk: number | null };
    },
    async mayAccess(provider, user, clientIp) {
      if (!provider.application) return false;
      const key = `${provider.application.slug}\0${user}\0${clientIp ?? ''}`;
      const known = decisions.get(key);
      if (known !== undefined) return known;
      const asked = generation;
      const { allowed } = (await broker.call('applications.checkAccess', { slug: provider.application.slug, user, clientIp })) as { allowed: boolean };
      if (asked !== generation) return allowed;
      if (decisions.size >= DECISIONS_KEPT) decisions.clear();
      decisions.set(key, allowed);
      return allowed;
    },
    async verifyCode(pk, code) {
      return ((await broker.call('users.verifyMfaCode', { pk, code })) as { ok: boolean }).ok;
    },
    async appPassword(username, key) {
      return ((await broker.call('users.appPassword', { username, key })) as { pk: number | null }).pk;
    },
    record(event) {
      const params = { action: event.action, app: `providers.${server}`, context: event.context, client_ip: event.clientIp, user: { pk: event.user.pk, username: event.user.username } };
      broker.call('events.record', params).catch((err: Error) => logger.warn(`recording ${event.action} failed: ${err.message}`));
    },
  };
}
