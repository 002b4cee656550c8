import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { codeFlowTokens, issuerReady, makeOAuth2App, relyingParty } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

describe('OAuth2 scope mappings', () => {
  const ctx = usePlatform();
  const mapping = (name: string, expression: string) => ctx.admin.post('/propertymappings/oauth2-scope/', { name, expression });

  it('refuses an expression that is not an object of quoted claim names, or that maps a claim the issuer sets', async () => {
    for (const expression of ['user.name', '{ user.name: 1 }', '{ "a": ', '{ "sub": user.username }']) {
      const reply = await mapping(`bad ${expression}`, expression);
      expect(reply.status, expression).toBe(400);
      expect(reply.body.code, expression).toBe('invalid_mapping');
    }
  });

  it('releases a mapped scope\'s claims only when it is granted, and follows edits to the mapping', async () => {
    const dept = await mapping('Department', '{ "department": user.attributes.department, "badge": $uppercase(user.username) }');
    expect(dept.status).toBe(201);
    const ada = await makeUser(ctx.admin, 'ada', 'ada-password-1', { attributes: { department: 'Engines' } });
    const rendered = await ctx.admin.post(`/propertymappings/oauth2-scope/${dept.body.pk}/test/`, { user: ada });
    expect(rendered.body).toEqual({ result: { department: 'Engines', badge: 'ADA' }, error: null });
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Mapped Scopes', {
      consent: 'implicit', scopes: ['openid', 'profile', 'department'], scope_mappings: { department: dept.body.pk },
    });
    await issuerReady(app.issuer);
    const config = await relyingParty(app);
    expect(config.serverMetadata().scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'department']));
    expect(config.serverMetadata().claims_supported).toEqual(expect.arrayContaining(['department', 'badge']));

    const granted = await codeFlowTokens(config, 'ada', 'ada-password-1', { scope: 'openid department' });
    expect(granted.claims()).toMatchObject({ department: 'Engines', badge: 'ADA' });
    const info = await oidc.fetchUserInfo(config, granted.access_token, granted.claims()!.sub);
    expect(info).toMatchObject({ department: 'Engines', badge: 'ADA' });
    expect(info.preferred_username).toBeUndefined();

    const without = await codeFlowTokens(config, 'ada', 'ada-password-1', { scope: 'openid profile' });
    expect(without.claims()!.department).toBeUndefined();
    expect(without.claims()!.preferred_username).toBe('ada');

    expect((await ctx.admin.patch(`/propertymappings/oauth2-scope/${dept.body.pk}/`, { expression: '{ "department": "Dept. " & user.attributes.department }' })).status).toBe(200);
    const deadline = Date.now() + 15_000;
    let latest = '';
    while (latest !== 'Dept. Engines' && Date.now() < deadline) {
      const again = await codeFlowTokens(await relyingParty(app), 'ada', 'ada-password-1', { scope: 'openid department' });
      latest = String(again.claims()!.department);
    }
    expect(latest).toBe('Dept. Engines');
  });

  it('refuses a provider whose scopes have no mapping, or whose mapping does not exist', async () => {
    const unknown = await ctx.admin.post('/providers/oauth2/', { name: 'Unmapped', scopes: ['openid', 'payroll'] });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.errors)).toContain('/scopes/1');
    const missing = await ctx.admin.post('/providers/oauth2/', { name: 'Missing', scopes: ['openid', 'payroll'], scope_mappings: { payroll: '0190a0a0-0000-7000-8000-000000000000' } });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.errors)).toContain('/scope_mappings/payroll');
  });
});
