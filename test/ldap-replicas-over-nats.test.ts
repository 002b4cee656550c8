import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../services/platform.ts';
import { runIdp, waitFor, type Child } from './support/child.ts';
import { createTestDatabase } from './support/database.ts';
import { client } from './support/http.ts';
import { ldapAddresses, ldapClient, ldapUrl, makeLdapProvider, makeUser, within } from './support/ldap.ts';
import { gatewayUrl, testConfig } from './support/platform.ts';

const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TOKEN = 'ldap-cluster-token-0123456789abcdef';
const BASE = 'dc=replicas,dc=test';
const namespace = `idp-ldap-${randomBytes(4).toString('hex')}`;
const noBootstrap = { token: undefined, password: undefined, email: undefined };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let domain: Child;
let gateway: Platform;
const replicas: Platform[] = [];

const replica = (n: number) => startPlatform(testConfig({
  transporter: NATS, namespace, nodeID: `ldap-replica-${n}-${process.pid}`, database: { kind: 'postgres', url: db.url }, services: ['ldap'], migrateOnStart: false, bootstrap: noBootstrap,
}));

/** How many ldap replicas a node knows of. */
const ldapNodes = (p: Platform) => (p.broker.registry.getServiceList({ onlyAvailable: true }) as { name: string }[]).filter((s) => s.name === 'ldap').length;

/** The entry a replica serves for a username, read as that user (null when it cannot bind or find it). */
async function seenBy(replica: Platform, username: string, password: string): Promise<Record<string, unknown> | null> {
  const ldap = ldapClient(ldapUrl(await ldapAddresses(replica)));
  try {
    await ldap.bind(`cn=${username},ou=users,${BASE}`, password);
    const { searchEntries } = await ldap.search(`cn=${username},ou=users,${BASE}`, { scope: 'base', attributes: ['cn', 'displayName', 'memberOf'] });
    return searchEntries[0] ?? null;
  } catch {
    return null;
  } finally {
    await ldap.unbind().catch(() => undefined);
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  domain = runIdp(['start'], { TRANSPORTER: NATS, NAMESPACE: namespace, DATABASE_URL: db.url, SERVICES: 'users,groups,applications,events,policies,providers,sources', IDP_BOOTSTRAP_TOKEN: TOKEN });
  gateway = await startPlatform(testConfig({ transporter: NATS, namespace, services: ['api'], bootstrap: noBootstrap }));
  await waitFor(gatewayUrl(gateway).replace('/api/v3', '/health/ready'), domain);
  for (const n of [1, 2]) replicas.push(await replica(n));
  await within(30_000, async () => replicas.every((r) => ldapNodes(r) === 2));
});
afterAll(async () => {
  for (const r of replicas) await r.stop();
  await gateway?.stop();
  await domain?.stop();
  await db?.drop();
});

describe('two ldap replicas over NATS', () => {
  it('both serve every change, whichever replica took it from the bus', async () => {
    const admin = client(gatewayUrl(gateway), TOKEN);
    await makeLdapProvider(admin, 'Replicated LDAP', { base_dn: BASE });
    const pk = await makeUser(admin, 'rita', 'rita-password-1', { name: 'Rita One' });
    for (const r of replicas) expect(await within(10_000, () => seenBy(r, 'rita', 'rita-password-1'))).toMatchObject({ displayName: 'Rita One' });

    for (let i = 2; i <= 6; i++) {
      expect((await admin.patch(`/core/users/${pk}/`, { name: `Rita ${i}` })).status).toBe(200);
      for (const r of replicas) {
        await within(10_000, async () => (await seenBy(r, 'rita', 'rita-password-1'))?.displayName === `Rita ${i}`);
      }
    }
    const group = await admin.post('/core/groups/', { name: 'replicated', users: [pk] });
    expect(group.status).toBe(201);
    for (const r of replicas) {
      await within(10_000, async () => (await seenBy(r, 'rita', 'rita-password-1'))?.memberOf === `cn=replicated,ou=groups,${BASE}`);
    }
  });

  it('a replica that joins catches up with changes made before the others discovered it', async () => {
    const admin = client(gatewayUrl(gateway), TOKEN);
    const late = await replica(3);
    replicas.push(late);
    const [rita] = (await admin.get('/core/users/?username=rita')).body.results;
    expect((await admin.patch(`/core/users/${rita.pk}/`, { name: 'Rita Late' })).status).toBe(200);
    await within(30_000, async () => (await seenBy(late, 'rita', 'rita-password-1'))?.displayName === 'Rita Late');
    for (const r of replicas) await within(10_000, async () => (await seenBy(r, 'rita', 'rita-password-1'))?.displayName === 'Rita Late');
  });
});
