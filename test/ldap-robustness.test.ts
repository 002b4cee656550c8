import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import { BerReader } from '../plugins/ldap/protocol/ber.ts';
import { freePort } from './support/child.ts';
import { ldapAddresses, ldapClient, ldapUrl, makeLdapProvider, makeUser, retry, type LdapAddresses } from './support/ldap.ts';
import { ldapMessage, saslBindOp } from './support/ldap-messages.ts';
import { baseSearch, extendedRequest, mutate, RawLdap } from './support/ldap-raw.ts';
import { usePlatform } from './support/platform.ts';
import { prng } from './support/prng.ts';

const BASE = 'dc=robust,dc=test';
const USER = `cn=rob,ou=users,${BASE}`;
const LIMIT = 256 * 1024;
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Hand-written valid requests (RFC 4511): an anonymous bind, a root DSE search, a Who am I?, an abandon. */
const VECTORS = [
  hex('30 0c 02 01 01 60 07 02 01 03 04 00 80 00'),
  hex('30 25 02 01 02 63 20 04 00 0a 01 00 0a 01 00 02 01 00 02 01 00 01 01 00 87 0b 6f 62 6a 65 63 74 43 6c 61 73 73 30 00'),
  Buffer.concat([hex('30 1c 02 01 03 77 17 80 15'), Buffer.from('1.3.6.1.4.1.4203.1.11.3')]),
  hex('30 06 02 01 04 50 01 02'),
];

/** Whether the server may rightly stay silent on `bytes`: the first message is incomplete, or is an abandon. */
function maySilently(bytes: Buffer): boolean {
  if (bytes.length === 0) return true;
  if (bytes[0] !== 0x30) return false;
  if (bytes.length < 2) return true;
  let total = 2 + bytes[1];
  if (bytes[1] & 0x80) {
    const octets = bytes[1] & 0x7f;
    if (octets === 0 || octets > 4) return false;
    if (bytes.length < 2 + octets) return true;
    total = 2 + octets + bytes.subarray(2, 2 + octets).reduce((n, b) => n * 256 + b, 0);
  }
  if (total > LIMIT) return false;
  if (bytes.length < total) return true;
  try {
    const m = new BerReader(bytes.subarray(0, total)).readSequence();
    m.readInt();
    return m.peek() === 0x50;
  } catch {
    return false;
  }
}

describe('LDAP listener robustness', async () => {
  const metricsPort = await freePort();
  const ctx = usePlatform({ metricsPort });
  let addresses: LdapAddresses;
  const opened: (RawLdap | Client)[] = [];
  const raw = async () => {
    const r = await RawLdap.open(addresses.ldap.port);
    opened.push(r);
    return r;
  };
  /** A fresh ldapts client binds and searches, within `ms`. */
  const served = async (ms = 3000) => {
    const started = Date.now();
    const c = ldapClient(ldapUrl(addresses));
    opened.push(c);
    await c.bind(USER, 'rob-password-1');
    const { searchEntries } = await c.search(USER, { scope: 'base', filter: '(objectClass=*)', attributes: ['cn'] });
    expect(searchEntries.map((e) => e.dn)).toEqual([USER]);
    expect(Date.now() - started).toBeLessThan(ms);
  };
  beforeAll(async () => {
    addresses = await ldapAddresses(ctx.platform);
    await makeLdapProvider(ctx.admin, 'Robust LDAP', { base_dn: BASE });
    await makeUser(ctx.admin, 'rob', 'rob-password-1');
    await makeUser(ctx.admin, 'flo', 'flo-password-1', { attributes: { notes: 'n'.repeat(200_000) } });
    await retry(() => served(10_000));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => (o instanceof RawLdap ? o.destroy() : o.unbind().catch(() => undefined))));
  });

  it('answers or closes on every one of hundreds of random and mutated inputs, and then still serves', async () => {
    const rand = prng(4511);
    const inputs: Buffer[] = [...VECTORS];
    for (let i = 0; i < 300; i++) {
      if (i % 4 === 0) inputs.push(Buffer.from([rand.pick([0x30, rand.int(256)]), ...Array.from({ length: rand.int(40) }, () => rand.int(256))]));
      else inputs.push(mutate(rand, rand.pick(VECTORS)));
    }
    const outcome = { answered: 0, closed: 0, silent: 0 };
    for (let i = 0; i < inputs.length; i += 25) {
      await Promise.all(inputs.slice(i, i + 25).map(async (input) => {
        const r = await raw();
        r.send(input);
        const silentOk = maySilently(input);
        await r.until(() => r.messages.length > 0 || r.closed, silentOk ? 300 : 5000);
        if (r.messages.some((m) => m.messageId > 0)) outcome.answered++;
        else if (r.closed || r.messages.length > 0) {
          outcome.closed++;
          expect(r.messages.every((m) => m.messageId === 0 && m.responseName === '1.3.6.1.4.1.1466.20036')).toBe(true);
          expect(r.messages.map((m) => m.diagnostic), 'no request failed inside the server').not.toContain('The server failed to answer a request.');
          expect(await r.until(() => r.closed, 5000), `not closed after its notice on ${input.toString('hex')}`).toBe(true);
        } else {
          expect(silentOk, `silent on ${input.toString('hex')}`).toBe(true);
          outcome.silent++;
          r.socket.end();
          expect(await r.until(() => r.closed, 5000), `still open after FIN on ${input.toString('hex')}`).toBe(true);
        }
      }));
    }
    // Each way out was taken many times (RFC 4511 §4.1.1: a message that cannot be decoded ends the session).
    expect(outcome.answered).toBeGreaterThan(5);
    expect(outcome.closed).toBeGreaterThan(100);
    expect(outcome.silent).toBeGreaterThan(20);
    await served();
  });

  it('sends a Notice of Disconnection and closes when a message declares more than 256 KiB', async () => {
    const r = await raw();
    r.send(hex('30 84 00 04 00 01 02 01 01'));
    expect(await r.until(() => r.closed)).toBe(true);
    expect(r.messages).toEqual([{ messageId: 0, tag: 0x78, code: 2, diagnostic: expect.any(String), responseName: '1.3.6.1.4.1.1466.20036' }]);
  });

  it('is not held up by a client that sends half a message and nothing more', async () => {
    const half = await raw();
    const search = baseSearch(7, '', ['supportedLDAPVersion']);
    half.send(search.subarray(0, 10));
    await served();
    expect(half.closed).toBe(false);
    half.send(search.subarray(10));
    expect((await half.result(7))?.code).toBe(0);
  });

  it('stops reading from a client that pipelines searches and never reads, holds few of its answers, and serves others meanwhile', async () => {
    const flood = await raw();
    flood.socket.pause();
    const flo = `cn=flo,ou=users,${BASE}`;
    const bind = ldapMessage(1, (w) => {
      w.start(0x60);
      w.writeInt(3);
      w.writeString(flo);
      w.writeString('flo-password-1', 0x80);
      w.end();
    });
    const one = baseSearch(0x01000000, flo, ['notes']);
    const count = 300_000;
    const requests = Buffer.alloc(one.length * count);
    for (let i = 0; i < count; i++) {
      one.copy(requests, i * one.length);
      requests.writeInt32BE(0x01000000 + i, i * one.length + 4);
    }
    const before = process.memoryUsage().arrayBuffers;
    flood.send(bind);
    for (let at = 0; at < requests.length; at += 65536) flood.send(requests.subarray(at, at + 65536));
    await new Promise((r) => setTimeout(r, 1500));
    await served(2000);
    // Each answer is 200 KB, and the server runs in this process: past its 4 MiB write limit it answers no more.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    expect(flood.socket.writableLength).toBeGreaterThan(0);
    expect(flood.closed).toBe(false);
    flood.socket.resume();
    expect(await flood.until(() => flood.messages.length > 300, 10_000)).toBe(true);
    expect(flood.messages.slice(0, 2).map((m) => [m.messageId, m.code])).toEqual([[1, 0], [0x01000000, undefined]]);
  });

  it('answers 12 to an unknown critical control and ignores an unknown non-critical one', async () => {
    const r = await raw();
    r.send(baseSearch(1, '', ['vendorName'], [{ oid: '1.2.3.4.5', critical: true }]));
    r.send(baseSearch(2, '', ['vendorName'], [{ oid: '1.2.3.4.5' }]));
    expect((await r.result(1))?.code).toBe(12);
    expect(r.messages.filter((m) => m.messageId === 1)).toHaveLength(1);
    expect((await r.result(2))?.code).toBe(0);
    expect(r.messages.filter((m) => m.messageId === 2 && m.tag === 0x64)).toHaveLength(1);
  });

  it('answers protocolError (2) without a responseName to an unknown extended operation (RFC 4511 §4.12)', async () => {
    const r = await raw();
    r.send(extendedRequest(3, '1.3.6.1.4.1.99999.1'));
    const answer = await r.result(3);
    expect(answer).toMatchObject({ tag: 0x78, code: 2 });
    expect(answer).not.toHaveProperty('responseName');
    r.send(extendedRequest(4, '1.3.6.1.4.1.4203.1.11.3'));
    expect((await r.result(4))?.code).toBe(0);
  });

  it('answers 7 to a SASL bind and 2 to an LDAPv2 bind, and the connection stays usable', async () => {
    const r = await raw();
    r.send(ldapMessage(1, saslBindOp('EXTERNAL')));
    expect(await r.result(1)).toMatchObject({ tag: 0x61, code: 7 });
    r.send(hex('30 0c 02 01 02 60 07 02 01 02 04 00 80 00'));
    expect(await r.result(2)).toMatchObject({ tag: 0x61, code: 2 });
    r.send(hex('30 0c 02 01 03 60 07 02 01 03 04 00 80 00'));
    expect(await r.result(3)).toMatchObject({ tag: 0x61, code: 0 });
  });

  it('answers nothing to an abandon and closes on an unbind', async () => {
    const r = await raw();
    r.send(hex('30 06 02 01 05 50 01 63'));
    r.send(ldapMessage(6, (w) => w.writeInt(1, 0x50)));
    r.send(baseSearch(7, '', ['vendorName']));
    expect((await r.result(7))?.code).toBe(0);
    expect(r.messages.filter((m) => m.messageId !== 7)).toEqual([]);
    r.send(ldapMessage(8, (w) => w.writeNull(0x42)));
    expect(await r.until(() => r.closed)).toBe(true);
    expect(r.messages.filter((m) => m.messageId !== 7)).toEqual([]);
  });

  it('reports connections and operations by result in its metrics', async () => {
    const r = await raw();
    r.send(baseSearch(1, '', [], [{ oid: '1.2.3.4.5', critical: true }]));
    await r.result(1);
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/^idp_ldap_connections(\{[^}]*\})? [1-9]/m);
    expect(text).toMatch(/^idp_ldap_operations_total\{[^}]*op="search",result="unavailableCriticalExtension"\} [1-9]/m);
    expect(text).toMatch(/^idp_ldap_operations_total\{[^}]*op="bind",result="success"\} [1-9]/m);
    expect(text).not.toContain('rob-password-1');
  });
});
