import { describe, expect, it } from 'vitest';
import { ldapAddresses, ldapClient, ldapUrl, makeLdapProvider, makeUser, retry } from './support/ldap.ts';
import { usePlatform } from './support/platform.ts';

describe('LDAP provider configuration', () => {
  const ctx = usePlatform();

  it('refuses a base DN that is not a DN and a search group that is not a group, at their pointers', async () => {
    const badDn = await ctx.admin.post('/providers/ldap/', { name: 'bad dn', base_dn: 'dc=a,,dc=b' });
    expect(badDn.status).toBe(400);
    expect(badDn.body.errors).toEqual([{ pointer: '/base_dn', message: expect.stringMatching(/^is not a DN/) }]);
    const badGroup = await ctx.admin.post('/providers/ldap/', { name: 'bad group', search_group: '01900000-0000-7000-8000-000000000001' });
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.errors).toEqual([{ pointer: '/search_group', message: 'is not a group' }]);
  });

  it("fills authentik's defaults and has nothing to sync", async () => {
    const created = await ctx.admin.post('/providers/ldap/', { name: 'defaults' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      base_dn: 'DC=ldap,DC=goauthentik,DC=io', search_group: null, uid_start_number: 2000, gid_start_number: 4000,
      mfa_support: true, bind_mode: 'direct', search_mode: 'direct', require_tls: false, tls_server_name: '',
    });
    const sync = await ctx.admin.post(`/providers/ldap/${created.body.pk}/sync/`);
    expect(sync.status).toBe(400);
    expect(sync.body.detail).toContain('nothing to sync');
  });

  it('numbers users and groups from the configured starts, and renumbers when they change', async () => {
    const pk = await makeLdapProvider(ctx.admin, 'Numbered LDAP', { base_dn: 'dc=numbered,dc=test', uid_start_number: 10000, gid_start_number: 20000 });
    const user = await makeUser(ctx.admin, 'nina', 'nina-password-1');
    const group = await ctx.admin.post('/core/groups/', { name: 'numbered', users: [user] });
    expect(group.status).toBe(201);
    const ldap = ldapClient(ldapUrl(await ldapAddresses(ctx.platform)));
    const numbers = async () => {
      await ldap.bind('cn=nina,ou=users,dc=numbered,dc=test', 'nina-password-1');
      const own = (await ldap.search('cn=nina,ou=users,dc=numbered,dc=test', { scope: 'base', attributes: ['uidNumber', 'gidNumber'] })).searchEntries[0];
      const groupEntry = (await ldap.search('cn=numbered,ou=groups,dc=numbered,dc=test', { scope: 'base', attributes: ['gidNumber'] })).searchEntries[0];
      return { uid: Number(own.uidNumber), gid: Number(own.gidNumber), group: Number(groupEntry.gidNumber) };
    };
    try {
      await retry(async () => expect(await numbers()).toEqual({ uid: 10000 + user, gid: 10000 + user, group: expect.any(Number) }));
      const first = await numbers();
      expect(first.group).toBeGreaterThan(20000);
      expect((await ctx.admin.patch(`/providers/ldap/${pk}/`, { uid_start_number: 30000, gid_start_number: 40000 })).status).toBe(200);
      await retry(async () => expect(await numbers()).toEqual({ uid: 30000 + user, gid: 30000 + user, group: first.group - 20000 + 40000 }));
    } finally {
      await ldap.unbind();
    }
  });
});
