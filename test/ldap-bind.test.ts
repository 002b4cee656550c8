import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import { ldapAddresses, ldapClient, ldapUrl, makeLdapProvider, makeUser, resultCode, retry, type LdapAddresses } from './support/ldap.ts';
import { usePlatform } from './support/platform.ts';

const BASE = 'dc=ldap,dc=goauthentik,dc=io';
const dn = (username: string) => `cn=${username},ou=users,${BASE}`;

describe('LDAP bind', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients: Client[] = [];
  const connect = () => {
    const c = ldapClient(ldapUrl(addresses));
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.unbind().catch(() => undefined)));
  });

  it('binds a user with the platform password and refuses every kind of bad bind with 49', async () => {
    addresses = await ldapAddresses(ctx.platform);
    await makeLdapProvider(ctx.admin, 'Bind LDAP', { base_dn: BASE });
    await makeUser(ctx.admin, 'alice', 'alice-password-1');
    const inactive = await makeUser(ctx.admin, 'ivan', 'ivan-password-1');
    await ctx.admin.patch(`/core/users/${inactive}/`, { is_active: false });
    await retry(async () => expect(await resultCode(connect().bind(dn('alice'), 'alice-password-1'))).toBe(0));
    expect(await resultCode(connect().bind(dn('alice'), 'wrong-password'))).toBe(49);
    expect(await resultCode(connect().bind(dn('nobody'), 'alice-password-1'))).toBe(49);
    expect(await resultCode(connect().bind(dn('ivan'), 'ivan-password-1'))).toBe(49);
    expect(await resultCode(connect().bind('cn=alice,ou=users,dc=elsewhere', 'alice-password-1'))).toBe(49);
    expect(await resultCode(connect().bind('not a dn', 'alice-password-1'))).toBe(49);
  });

  it('takes the provider from the bind DN alone, in any case of the base DN', async () => {
    expect(await resultCode(connect().bind('CN=alice,OU=Users,DC=LDAP,DC=goauthentik,DC=io', 'alice-password-1'))).toBe(0);
  });

  it('answers 53 to a DN without a password and lets anonymous binds read nothing but the root DSE', async () => {
    expect(await resultCode(connect().bind(dn('alice'), ''))).toBe(53);
    const anonymous = connect();
    await anonymous.bind('', '');
    expect(await resultCode(anonymous.search(BASE, { scope: 'sub', filter: '(objectClass=*)' }))).toBe(50);
    const dse = await anonymous.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['namingContexts', 'supportedExtension'] });
    expect([dse.searchEntries[0].namingContexts].flat()).toContain(BASE);
  });

  it("refuses with 50 a user whose credentials hold but whom the application's policies keep out, until they change", async () => {
    const pk = await makeLdapProvider(ctx.admin, 'Guarded LDAP', { base_dn: 'dc=guarded,dc=test' });
    const allowed = await makeUser(ctx.admin, 'gina', 'gina-password-1');
    await makeUser(ctx.admin, 'gus', 'gus-password-1');
    const app = (await ctx.admin.get(`/core/applications/?slug=guarded-ldap`)).body.results[0];
    expect(app.provider).toBe(pk);
    const binding = await ctx.admin.post('/policies/bindings/', { target: app.pk, user: allowed });
    expect(binding.status).toBe(201);
    await retry(async () => expect(await resultCode(connect().bind('cn=gina,ou=users,dc=guarded,dc=test', 'gina-password-1'))).toBe(0));
    expect(await resultCode(connect().bind('cn=gus,ou=users,dc=guarded,dc=test', 'gus-password-1'))).toBe(50);
    expect(await resultCode(connect().bind('cn=gus,ou=users,dc=guarded,dc=test', 'wrong-password'))).toBe(49);
    // The refusal is kept for later binds only until the application's bindings change.
    expect((await ctx.admin.delete(`/policies/bindings/${binding.body.pk}/`)).status).toBe(204);
    await retry(async () => expect(await resultCode(connect().bind('cn=gus,ou=users,dc=guarded,dc=test', 'gus-password-1'))).toBe(0));
  });

  it('records login and login_failed events without the password', async () => {
    await retry(async () => {
      const events = (await ctx.admin.get('/events/events/?action=login_failed&ordering=-created')).body.results;
      expect(events.some((e: { user: { username: string } }) => e.user.username === 'alice')).toBe(true);
      expect(JSON.stringify(events)).not.toContain('wrong-password');
      const logins = (await ctx.admin.get('/events/events/?action=login')).body.results;
      expect(logins.some((e: { user: { username: string }; context: { provider: string } }) => e.user.username === 'alice' && e.context.provider === 'Bind LDAP')).toBe(true);
    });
  });

  it('throttles a user after repeated failures, even when the right password then comes', async () => {
    await makeUser(ctx.admin, 'tom', 'tom-password-1');
    await retry(async () => expect(await resultCode(connect().bind(dn('tom'), 'tom-password-1'))).toBe(0));
    for (let i = 0; i < 6; i++) expect(await resultCode(connect().bind(dn('tom'), `wrong-${i}`))).toBe(49);
    expect(await resultCode(connect().bind(dn('tom'), 'tom-password-1'))).toBe(49);
    await retry(async () => expect(await resultCode(connect().bind(dn('tom'), 'tom-password-1'))).toBe(0), 10_000);
  });

  it('answers Who am I? with the bound DN', async () => {
    const c = connect();
    await c.bind(dn('alice'), 'alice-password-1');
    expect(await c.exop('1.3.6.1.4.1.4203.1.11.3')).toMatchObject({ value: `dn:${dn('alice')}` });
  });
});
