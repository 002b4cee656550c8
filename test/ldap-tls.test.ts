import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import { selfSignedCertificate } from '../plugins/ldap/server/self-signed.ts';
import { baseSearch, extendedRequest, RawLdap } from './support/ldap-raw.ts';
import { ldapAddresses, ldapClient, ldapsUrl, ldapUrl, ldapUtil, makeLdapProvider, makeUser, resultCode, retry, type LdapAddresses } from './support/ldap.ts';
import { usePlatform } from './support/platform.ts';

const BASE = 'dc=tls,dc=test';
const SECURE = 'dc=secure,dc=test';
const dn = (username: string, base = BASE) => `cn=${username},ou=users,${base}`;

/** The certificate a TLS handshake on the LDAPS port presents for an SNI name. */
function peerCertificate(port: number, servername: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate());
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('LDAP over TLS', () => {
  const ctx = usePlatform();
  let addresses: LdapAddresses;
  const clients: Client[] = [];
  const connect = (url: string) => {
    const c = ldapClient(url);
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.unbind().catch(() => undefined)));
  });

  it('binds and searches over LDAPS', async () => {
    addresses = await ldapAddresses(ctx.platform);
    await makeLdapProvider(ctx.admin, 'TLS LDAP', { base_dn: BASE });
    await makeUser(ctx.admin, 'tess', 'tess-password-1');
    await retry(async () => expect(await resultCode(connect(ldapsUrl(addresses)).bind(dn('tess'), 'tess-password-1'))).toBe(0));
    const c = connect(ldapsUrl(addresses));
    await c.bind(dn('tess'), 'tess-password-1');
    const { searchEntries } = await c.search(`ou=users,${BASE}`, { scope: 'sub', filter: '(cn=tess)', attributes: ['cn'] });
    expect(searchEntries.map((e) => e.dn)).toEqual([dn('tess')]);
  });

  it('upgrades a plain connection with StartTLS, then binds and searches', async () => {
    const c = connect(ldapUrl(addresses));
    await c.startTLS({ rejectUnauthorized: false });
    await c.bind(dn('tess'), 'tess-password-1');
    const { searchEntries } = await c.search(dn('tess'), { scope: 'base', filter: '(objectClass=*)', attributes: ['cn'] });
    expect(searchEntries).toHaveLength(1);
    expect(searchEntries[0].cn).toBe('tess');
  });

  it("serves Debian's ldapsearch with StartTLS required (-ZZ) and over ldaps://", async () => {
    const args = ['-x', '-D', dn('tess'), '-w', 'tess-password-1', '-b', BASE, '-LLL', '(cn=tess)', 'cn'];
    const starttls = await ldapUtil('ldapsearch', ['-ZZ', '-H', `ldap://127.0.0.1:${addresses.ldap.port}`, ...args], { LDAPTLS_REQCERT: 'never' });
    expect(starttls.stderr).toBe('');
    expect(starttls.code).toBe(0);
    expect(starttls.stdout).toContain(`dn: ${dn('tess')}`);
    const ldaps = await ldapUtil('ldapsearch', ['-H', `ldaps://127.0.0.1:${addresses.ldaps.port}`, ...args]);
    expect(ldaps.code).toBe(0);
    expect(ldaps.stdout).toContain(`dn: ${dn('tess')}`);
    expect(ldaps.stdout).toContain('cn: tess');
  });

  it('drops a client that speaks plain LDAP to the LDAPS port, and goes on serving LDAPS', async () => {
    const r = await RawLdap.open(addresses.ldaps.port);
    r.send(baseSearch(1, '', ['vendorName']));
    expect(await r.until(() => r.closed)).toBe(true);
    expect(r.messages).toEqual([]);
    expect(await resultCode(connect(ldapsUrl(addresses)).bind(dn('tess'), 'tess-password-1'))).toBe(0);
  });

  it('refuses a second StartTLS with operationsError and keeps the TLS connection usable', async () => {
    const c = connect(ldapUrl(addresses));
    await c.startTLS({ rejectUnauthorized: false });
    expect(await resultCode(c.startTLS({ rejectUnauthorized: false }))).toBe(1);
    await c.bind(dn('tess'), 'tess-password-1');
    expect((await c.search(dn('tess'), { scope: 'base', filter: '(objectClass=*)' })).searchEntries).toHaveLength(1);
    const ldaps = connect(ldapsUrl(addresses));
    expect(await resultCode(ldaps.exop('1.3.6.1.4.1.1466.20037'))).toBe(1);
  });

  it('does not start TLS when requests follow StartTLS before its response (RFC 4511 §4.14.1), so none runs as if under TLS', async () => {
    for (const tail of [baseSearch(2, '', ['vendorName']), baseSearch(2, '', ['vendorName']).subarray(0, 5)]) {
      const r = await RawLdap.open(addresses.ldap.port);
      r.send(Buffer.concat([extendedRequest(1, '1.3.6.1.4.1.1466.20037'), tail]));
      expect(await r.until(() => r.closed)).toBe(true);
      expect(r.messages).toEqual([expect.objectContaining({ messageId: 0, code: 2, responseName: '1.3.6.1.4.1.1466.20036' })]);
    }
  });

  it('answers 13 to binds and searches of a require_tls directory on a plain connection, but not after StartTLS or over LDAPS', async () => {
    await makeLdapProvider(ctx.admin, 'Secure LDAP', { base_dn: SECURE, require_tls: true });
    await retry(async () => expect(await resultCode(connect(ldapsUrl(addresses)).bind(dn('tess', SECURE), 'tess-password-1'))).toBe(0));
    const plain = connect(ldapUrl(addresses));
    expect(await resultCode(plain.bind(dn('tess', SECURE), 'tess-password-1'))).toBe(13);
    expect(await resultCode(plain.bind(dn('tess', SECURE), 'wrong-password'))).toBe(13);
    expect(await resultCode(plain.search(SECURE, { scope: 'sub', filter: '(cn=tess)' }))).toBe(13);
    const dse = await plain.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['namingContexts'] });
    expect([dse.searchEntries[0].namingContexts].flat()).toContain(SECURE);
    await plain.startTLS({ rejectUnauthorized: false });
    await plain.bind(dn('tess', SECURE), 'tess-password-1');
    expect((await plain.search(`ou=users,${SECURE}`, { scope: 'sub', filter: '(cn=tess)' })).searchEntries.map((e) => e.dn)).toEqual([dn('tess', SECURE)]);
    const ldaps = connect(ldapsUrl(addresses));
    await ldaps.bind(dn('tess', SECURE), 'tess-password-1');
    expect((await ldaps.search(`ou=users,${SECURE}`, { scope: 'sub', filter: '(cn=tess)' })).searchEntries).toHaveLength(1);
  });

  it('refuses a certificate that is not a PEM key pair (400 at /certificate) and never returns one', async () => {
    const a = selfSignedCertificate(['a.test']);
    const b = selfSignedCertificate(['b.test']);
    for (const certificate of ['not a certificate', a.cert, a.key, `${a.cert}${b.key}`]) {
      const res = await ctx.admin.post('/providers/ldap/', { name: 'Bad certificate', base_dn: 'dc=bad,dc=test', certificate });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/certificate');
    }
    const made = await ctx.admin.post('/providers/ldap/', { name: 'Good certificate', base_dn: 'dc=good,dc=test', certificate: `${a.cert}${a.key}` });
    expect(made.status).toBe(201);
    const fetched = await ctx.admin.get(`/providers/ldap/${made.body.pk}/`);
    const listed = await ctx.admin.get('/providers/ldap/');
    const shown = listed.body.results.find((p: { pk: number }) => p.pk === made.body.pk);
    for (const body of [made.body, fetched.body, shown]) {
      expect(body).not.toHaveProperty('certificate');
      expect(JSON.stringify(body)).not.toContain('BEGIN');
    }
    expect(fetched.body.base_dn).toBe('dc=good,dc=test');
    expect((await ctx.admin.delete(`/providers/ldap/${made.body.pk}/`)).status).toBe(204);
  });

  it("presents a provider's certificate for its tls_server_name, over LDAPS and StartTLS", async () => {
    const mine = selfSignedCertificate(['ldap.test']);
    const other = selfSignedCertificate(['other.test']);
    await makeLdapProvider(ctx.admin, 'Named LDAP', { base_dn: 'dc=named,dc=test', certificate: `${mine.cert}${mine.key}`, tls_server_name: 'ldap.test' });
    await makeLdapProvider(ctx.admin, 'Other LDAP', { base_dn: 'dc=other,dc=test', certificate: `${other.cert}${other.key}`, tls_server_name: 'other.test' });
    const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
    await retry(async () => {
      expect((await peerCertificate(addresses.ldaps.port, 'ldap.test')).fingerprint256).toBe(fingerprint(mine.cert));
      expect((await peerCertificate(addresses.ldaps.port, 'other.test')).fingerprint256).toBe(fingerprint(other.cert));
    });
    expect((await peerCertificate(addresses.ldaps.port, 'LDAP.test')).subject.CN).toBe('ldap.test');
    const verified = connect(ldapUrl(addresses));
    await verified.startTLS({ servername: 'ldap.test', ca: [mine.cert] });
    await verified.bind(dn('tess'), 'tess-password-1');
    const wrongCa = connect(ldapUrl(addresses));
    await expect(wrongCa.startTLS({ servername: 'ldap.test', ca: [other.cert] })).rejects.toThrow();
  });
});
