import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/bus.ts';
import { testConfig, usePlatform } from './support/platform.ts';
import { createScimProvider } from './support/scim-provider.ts';
import { createScimSource, GROUP, patchOp, USER, type TestSource } from './support/scim-source.ts';
import { startScimmyTarget, type ScimmyTarget } from './support/scimmy-target.ts';

/** An identity provider provisions into a SCIM source; a SCIM provider passes the same changes on to another server. */
describe('SCIM source changes reach SCIM providers like any other change', () => {
  const ctx = usePlatform({ providers: { ...testConfig().providers, backoffMs: 50 } });
  let target: ScimmyTarget;
  let source: TestSource;
  beforeAll(async () => {
    target = await startScimmyTarget({ token: 'downstream' });
    await createScimProvider(ctx.admin, { name: 'downstream', url: target.url, token: 'downstream' });
    source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'upstream');
  });
  afterAll(() => target?.close());

  const remoteUser = async (userName: string) => (await target.users()).find((u) => u.userName === userName);
  const remoteGroup = async (displayName: string) => (await target.groups()).find((g) => g.displayName === displayName);

  it('passes on users, group memberships, deactivation and deletion, and never the source’s own account', async () => {
    const user = (await source.call('POST', '/Users', { body: { schemas: [USER], userName: 'relayed@example.com', displayName: 'Relayed User', emails: [{ value: 'relayed@example.com', primary: true }] } })).body;
    const remote = await eventually(() => remoteUser('relayed@example.com'), (u) => u !== undefined);
    expect(remote).toMatchObject({ displayName: 'Relayed User', active: true });
    const group = (await source.call('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Relayed Group' } })).body;
    await source.call('PATCH', `/Groups/${group.id}`, { body: patchOp({ op: 'add', path: 'members', value: [{ value: user.id }] }) });
    await eventually(() => remoteGroup('Relayed Group'), (g) => (g?.members ?? []).some((m: { value: string }) => m.value === remote!.id));
    await source.call('PATCH', `/Users/${user.id}`, { body: patchOp({ op: 'replace', path: 'active', value: false }) });
    await eventually(() => remoteUser('relayed@example.com'), (u) => u?.active === false);
    expect((await source.call('DELETE', `/Users/${user.id}`)).status).toBe(204);
    await eventually(() => remoteUser('relayed@example.com'), (u) => u === undefined);
    expect((await target.users()).some((u) => String(u.userName).startsWith('ak-source-'))).toBe(false);
  });
});
