import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALL_SERVICES } from '../services/kernel/config.ts';
import { Browser, formAction } from './support/browser.ts';
import { freePort, ROOT, run, waitFor, type Child } from './support/child.ts';
import { createTestDatabase } from './support/database.ts';
import { client } from './support/http.ts';
import { ldapClient, makeLdapProvider, retry } from './support/ldap.ts';
import { makeOAuth2App, REDIRECT } from './support/oidc.ts';
import { scim, USER } from './support/scim-source.ts';

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  deploy?: { replicas?: number };
}

const compose = parse(readFileSync(`${ROOT}docker-compose.yml`, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const platformProcesses = Object.entries(compose.services).filter(([, s]) => s.environment?.SERVICES);
const children: Child[] = [];
let dropDb: (() => Promise<void>) | undefined;

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await dropDb?.();
});

describe('docker-compose.yml', () => {
  it('hosts every platform service in some container', () => {
    const hosted = platformProcesses.flatMap(([, s]) => s.environment!.SERVICES.split(','));
    expect([...new Set(hosted)].sort()).toEqual([...ALL_SERVICES].sort());
  });

  it('runs PostgreSQL and NATS with JetStream, a monitor port and health checks', () => {
    const { postgres, nats } = compose.services;
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(nats.command).toEqual(expect.arrayContaining(['--jetstream', '--http_port', '8222']));
    expect(nats.healthcheck?.test.join(' ')).toContain('8222/healthz?js-enabled-only=true');
  });

  it('applies migrations once before any platform process starts, and gives each a health check', () => {
    expect(compose.services.migrate.command).toEqual(['node', 'bin/idp.ts', 'migrate']);
    expect(compose.services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const [name, s] of platformProcesses) {
      expect(s.depends_on, name).toEqual({
        postgres: { condition: 'service_healthy' },
        nats: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
      expect(s.environment!.IDP_MIGRATE_ON_START, name).toBe('false');
      expect(s.environment!.TRANSPORTER, name).toBe('nats://nats:4222');
      expect(s.environment!.DATABASE_URL, name).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(s.healthcheck?.test.length, name).toBeGreaterThan(1);
    }
    expect(compose.services.api.ports).toEqual(['9000:9000']);
    expect(compose.services.ldap.ports).toEqual(['3389:3389', '6636:6636']);
    expect(compose.services.ldap.environment).toMatchObject({ IDP_LDAP_HOST: '0.0.0.0', IDP_LDAP_PORT: '3389', IDP_LDAPS_PORT: '6636' });
  });

  it('builds an image whose default command starts the platform', () => {
    const dockerfile = readFileSync(`${ROOT}Dockerfile`, 'utf8');
    expect(dockerfile).toMatch(/^FROM node:24/m);
    expect(dockerfile).toContain('CMD ["node", "bin/idp.ts", "start"]');
    for (const [, s] of platformProcesses) expect(s.build).toBe('.');
  });

  it('works when its topology runs as local processes, each replica as its own process', async () => {
    const db = await createTestDatabase();
    dropDb = db.drop;
    const port = await freePort();
    const ldapPort = await freePort();
    const namespace = `compose-${randomBytes(4).toString('hex')}`;
    const local = (env: Record<string, string> = {}) => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v
      .replace(/^postgres:\/\/.*@postgres:5432\/.*$/, db.url)
      .replace('nats://nats:4222', process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222')]));

    const migrate = run(process.execPath, compose.services.migrate.command!.slice(1), local(compose.services.migrate.environment));
    expect(await migrate.exited).toBe(0);

    for (const [, s] of platformProcesses) {
      const env = { ...local(s.environment), NAMESPACE: namespace, IDP_BOOTSTRAP_TOKEN: s.environment!.SERVICES === 'users' ? 'compose-token-0123456789abcdef' : '', IDP_HTTP_HOST: '127.0.0.1', IDP_HTTP_PORT: String(port), IDP_LDAP_HOST: '127.0.0.1', IDP_LDAP_PORT: String(ldapPort), IDP_LDAPS_PORT: '0' };
      for (let replica = 0; replica < (s.deploy?.replicas ?? 1); replica++) children.push(run(process.execPath, ['bin/idp.ts', 'start'], env));
    }
    await waitFor(`http://127.0.0.1:${port}/health/ready`, null, 200, 45_000);
    const admin = client(`http://127.0.0.1:${port}/api/v3`, 'compose-token-0123456789abcdef');
    const user = await admin.post('/core/users/', { username: 'compose-user', name: 'C' });
    expect(user.status).toBe(201);
    const app = await admin.post('/core/applications/', { name: 'Grafana', slug: 'grafana' });
    expect(app.status).toBe(201);
    expect((await admin.post('/core/groups/', { name: 'compose-group', users: [user.body.pk] })).body.users).toEqual([user.body.pk]);
    const source = await admin.post('/sources/scim/', { name: 'Compose IdP', slug: 'compose' });
    expect(source.status).toBe(201);
    const provisioned = await scim(`http://127.0.0.1:${port}/source/scim/compose`, source.body.token, 'POST', '/v2/Users', { body: { schemas: [USER], userName: 'from-idp' } });
    expect(provisioned.status).toBe(201);
    expect((await admin.get('/core/users/?username=from-idp')).body.results).toHaveLength(1);

    await makeLdapProvider(admin, 'Compose LDAP', { base_dn: 'dc=compose,dc=test' });
    expect((await admin.post(`/core/users/${user.body.pk}/set_password/`, { password: 'compose-password-1' })).status).toBe(204);
    await retry(async () => {
      const ldap = ldapClient(`ldap://127.0.0.1:${ldapPort}`);
      try {
        await ldap.bind('cn=compose-user,ou=users,dc=compose,dc=test', 'compose-password-1');
        const { searchEntries } = await ldap.search('cn=compose-user,ou=users,dc=compose,dc=test', { scope: 'base', attributes: ['memberOf'] });
        expect(searchEntries[0].memberOf).toBe('cn=compose-group,ou=groups,dc=compose,dc=test');
      } finally {
        await ldap.unbind();
      }
    }, 20_000);

    const rp = await makeOAuth2App(admin, `http://127.0.0.1:${port}`, 'Compose OIDC', { consent: 'implicit' });
    const config = await oidc.discovery(new URL(rp.issuer), rp.clientId, undefined, oidc.ClientSecretBasic(rp.clientSecret), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const authorize = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid profile', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const browser = new Browser();
    const login = await browser.follow(authorize.href, REDIRECT);
    const done = await browser.follow(formAction(login), REDIRECT, { form: { username: 'compose-user', password: 'compose-password-1' } });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.location!), { pkceCodeVerifier: verifier });
    expect(tokens.claims()!.groups).toEqual(['compose-group']);
    expect((await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).preferred_username).toBe('compose-user');
  });
});
