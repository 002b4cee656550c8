import {
  AbandonRequest,
  AddRequest,
  Attribute as LdaptsAttribute,
  BindRequest,
  Change,
  CompareRequest,
  DeleteRequest,
  ExtendedRequest,
  FilterParser,
  ModifyDNRequest,
  ModifyRequest,
  PagedResultsControl,
  SearchRequest,
  UnbindRequest,
} from 'ldapts';
import { describe, expect, it } from 'vitest';
import { BerWriter } from '../plugins/ldap/protocol/ber-writer.ts';
import { BerError, BerReader } from '../plugins/ldap/protocol/ber.ts';
import { MAX_FILTER_DEPTH, MAX_FILTER_ITEMS } from '../plugins/ldap/protocol/decode-filter.ts';
import { decodeRequest } from '../plugins/ldap/protocol/decode.ts';
import { ProtocolError } from '../plugins/ldap/protocol/errors.ts';
import { messageLength } from '../plugins/ldap/protocol/framing.ts';
import { decodePagedRequest } from '../plugins/ldap/protocol/paged-results.ts';
import { PAGED_RESULTS_OID, type Request } from '../plugins/ldap/protocol/types.ts';
import { ldapMessage, refusal, saslBindOp, searchOp, type BerWrite } from './support/ldap-messages.ts';
import { prng, type Rand } from './support/prng.ts';

const MAX_BYTES = 1 << 20;
const OPS: readonly Request['op'][] = ['bind', 'unbind', 'search', 'compare', 'abandon', 'extended', 'modify', 'add', 'delete', 'modifyDN'];

/** A searchRequest whose filter `writeFilter` writes. */
const searchWith = (writeFilter: BerWrite) =>
  ldapMessage(40, searchOp({ base: 'dc=example,dc=com', scope: 2, sizeLimit: 10, filter: writeFilter, attributes: ['cn'] }));

const search = (messageId: number, filter: string, paged?: { size: number; cookie?: Buffer }) =>
  new SearchRequest({
    messageId,
    baseDN: 'ou=people,dc=example,dc=com',
    scope: 'one',
    filter: FilterParser.parseString(filter),
    attributes: ['cn', 'mail'],
    controls: paged ? [new PagedResultsControl({ critical: true, value: paged })] : undefined,
  }).write();

const mail = new LdaptsAttribute({ type: 'mail', values: ['a@example.com', 'b@example.com'] });

/** Valid requests of every kind: from ldapts, and built by hand for what it cannot send. */
const corpus: Buffer[] = [
  new BindRequest({ messageId: 1, dn: 'cn=admin,dc=example,dc=com', password: 'secret' }).write(),
  new BindRequest({ messageId: 2, dn: '', mechanism: 'PLAIN', password: '\0u\0p' }).write(),
  new UnbindRequest({ messageId: 3 }).write(),
  search(4, '(&(objectClass=person)(|(uid=jdoe)(mail=j*doe@*.com))(!(cn>=m))(sn<=z)(cn~=jon)(givenName=*))'),
  search(5, '(cn:dn:2.4.6.8.10:=Dino)', { size: 100, cookie: Buffer.from('cookie') }),
  search(6, '(:1.2.3:=x)', { size: 0 }),
  search(300, '(cn=Jürgen*)'),
  new SearchRequest({ messageId: 7, baseDN: 'x'.repeat(200), filter: FilterParser.parseString('(cn=*a*b*c)') }).write(),
  new CompareRequest({ messageId: 8, dn: 'cn=g,dc=example', attribute: 'member', value: 'uid=a,dc=example' }).write(),
  new AbandonRequest({ messageId: 9, abandonId: 70000 }).write(),
  new ExtendedRequest({ messageId: 10, oid: '1.3.6.1.4.1.4203.1.11.3' }).write(),
  new ExtendedRequest({ messageId: 11, oid: '1.3.6.1.4.1.4203.1.11.1', value: Buffer.from([0x30, 0x03, 0x80, 0x01, 0x41]) }).write(),
  new ModifyRequest({ messageId: 12, dn: 'uid=a,dc=example', changes: [new Change({ operation: 'replace', modification: mail })] }).write(),
  new AddRequest({ messageId: 13, dn: 'uid=b,dc=example', attributes: [mail] }).write(),
  new DeleteRequest({ messageId: 14, dn: 'uid=c,dc=example' }).write(),
  new ModifyDNRequest({ messageId: 15, dn: 'uid=d,dc=example', newRdn: 'uid=e', newSuperior: 'ou=x,dc=example' }).write(),
  ldapMessage(16, saslBindOp('EXTERNAL')),
  searchWith((w) => {
    w.start(0xa0);
    w.start(0xa1);
    w.end();
    w.start(0xa0);
    w.end();
    w.end();
  }),
  searchWith((w) => {
    for (let i = 0; i < 10; i++) w.start(0xa2);
    w.writeString('cn', 0x87);
    for (let i = 0; i < 10; i++) w.end();
  }),
  ldapMessage(17, (w) => w.writeNull(0x42), [{ oid: '1.2.3.4' }, { oid: '1.2.3.5', critical: true, value: Buffer.from('v') }]),
];

/** Bytes that often sit where a tag or a length is. */
const SPECIAL = [0x00, 0x01, 0x02, 0x04, 0x05, 0x0a, 0x30, 0x31, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x87, 0xa0, 0xa3, 0xa4, 0xa9, 0xff];

function mutate(rand: Rand, input: Buffer): Buffer {
  const buf = Buffer.from(input);
  const at = rand.int(Math.max(1, buf.length));
  switch (rand.int(7)) {
    case 0: {
      for (let flips = 1 + rand.int(3); flips > 0; flips--) {
        const i = rand.int(buf.length);
        buf[i] ^= 1 << rand.int(8);
      }
      return buf;
    }
    case 1:
      return buf.subarray(0, rand.int(buf.length));
    case 2:
      buf[at] = rand.next() < 0.8 ? rand.pick(SPECIAL) : rand.int(256);
      return buf;
    case 3: {
      const start = rand.int(buf.length);
      const segment = buf.subarray(start, start + 1 + rand.int(16));
      return Buffer.concat([buf.subarray(0, at), segment, buf.subarray(at)]);
    }
    case 4:
      return Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1 + rand.int(8))]);
    case 5: {
      const other = rand.pick(corpus);
      return Buffer.concat([buf.subarray(0, at), other.subarray(rand.int(other.length))]);
    }
    default:
      buf[at] = (buf[at] + (rand.next() < 0.5 ? 1 : -1)) & 0xff;
      return buf;
  }
}

/** Wraps `content` in an LDAPMessage SEQUENCE with a correct length, so decoding gets past the framing. */
function reframe(content: Buffer): Buffer {
  const w = new BerWriter();
  w.writeOctets(content, 0x30);
  return w.finish();
}

/** The content of a message's outer SEQUENCE. */
const contentOf = (buf: Buffer) => new BerReader(buf).readOctets(0x30);

const hex = (buf: Buffer) => buf.toString('hex');

/** Runs `buf` through every entry point; returns whether it decoded, collecting any broken contract in `problems`. */
function check(buf: Buffer, problems: string[]): boolean {
  let framed: number | null = null;
  try {
    framed = messageLength(buf, MAX_BYTES);
    if (framed !== null && (framed < 2 || framed > buf.length)) problems.push(`${hex(buf)}: messageLength ${framed}`);
  } catch (err) {
    if (!(err instanceof BerError)) problems.push(`${hex(buf)}: messageLength threw ${String(err)}`);
  }
  let decoded = false;
  const candidates = framed !== null && framed < buf.length ? [buf, buf.subarray(0, framed)] : [buf];
  for (const candidate of candidates) {
    try {
      const m = decodeRequest(candidate);
      decoded = true;
      if (!Number.isInteger(m.messageId) || m.messageId < 1 || m.messageId > 2 ** 31 - 1) problems.push(`${hex(candidate)}: messageId ${m.messageId}`);
      if (!OPS.includes(m.request.op)) problems.push(`${hex(candidate)}: op ${m.request.op}`);
      if (messageLength(candidate, MAX_BYTES) !== candidate.length) problems.push(`${hex(candidate)}: decoded but framed differently`);
      for (const control of m.controls) {
        if (control.oid !== PAGED_RESULTS_OID) continue;
        try {
          decodePagedRequest(control.value);
        } catch (err) {
          if (!(err instanceof BerError)) problems.push(`${hex(candidate)}: decodePagedRequest threw ${String(err)}`);
        }
      }
    } catch (err) {
      if (!(err instanceof ProtocolError)) problems.push(`${hex(candidate)}: decodeRequest threw ${String(err)}`);
      else if (err.messageId !== null && !(err.messageId >= 1 && err.messageId <= 2 ** 31 - 1)) problems.push(`${hex(candidate)}: ProtocolError messageId ${err.messageId}`);
    }
  }
  return decoded;
}

describe('fuzzing the request decoder', () => {
  it('every request of the corpus decodes, and every strict prefix of it is refused', () => {
    const problems: string[] = [];
    for (const buf of corpus) {
      expect(check(buf, problems)).toBe(true);
      for (let i = 0; i < buf.length; i++) {
        const prefix = buf.subarray(0, i);
        expect(messageLength(prefix, MAX_BYTES)).toBeNull();
        expect(() => decodeRequest(prefix)).toThrow(ProtocolError);
      }
    }
    expect(new Set(corpus.map((buf) => decodeRequest(buf).request.op))).toEqual(new Set(OPS));
    expect(problems).toEqual([]);
  });

  it('6000 mutations of valid requests either decode or throw BerError / ProtocolError', () => {
    const rand = prng(0x1da9);
    const problems: string[] = [];
    let decoded = 0;
    for (let n = 0; n < 6000; n++) {
      let buf = rand.pick(corpus);
      for (let times = 1 + rand.int(3); times > 0; times--) buf = mutate(rand, buf);
      if (check(buf, problems)) decoded++;
    }
    expect(problems).toEqual([]);
    expect(decoded).toBeGreaterThan(100);
    expect(decoded).toBeLessThan(6000);
  });

  it('4000 mutations inside a correctly framed message either decode or throw ProtocolError', () => {
    const rand = prng(0x5eed);
    const problems: string[] = [];
    let decoded = 0;
    for (let n = 0; n < 4000; n++) {
      let content = contentOf(rand.pick(corpus));
      for (let times = 1 + rand.int(2); times > 0; times--) content = mutate(rand, content);
      const buf = reframe(content);
      expect(messageLength(buf, MAX_BYTES)).toBe(buf.length);
      if (check(buf, problems)) decoded++;
    }
    expect(problems).toEqual([]);
    expect(decoded).toBeGreaterThan(100);
    expect(decoded).toBeLessThan(4000);
  });

  it('3000 random byte strings, bare and framed, either decode or throw BerError / ProtocolError', () => {
    const rand = prng(42);
    const problems: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const bytes = Buffer.from(Array.from({ length: rand.int(64) }, () => (rand.next() < 0.5 ? rand.pick(SPECIAL) : rand.int(256))));
      check(bytes, problems);
      check(reframe(bytes), problems);
    }
    expect(problems).toEqual([]);
  });

  it('2000 mutated paged results values either decode or throw BerError', () => {
    const rand = prng(2696);
    const w = new BerWriter();
    w.start();
    w.writeInt(500);
    w.writeOctets(Buffer.from('some cookie'));
    w.end();
    const value = w.finish();
    let decoded = 0;
    for (let n = 0; n < 2000; n++) {
      const mutated = mutate(rand, value);
      try {
        const page = decodePagedRequest(mutated);
        expect(page.size).toBeGreaterThanOrEqual(0);
        decoded++;
      } catch (err) {
        expect(err).toBeInstanceOf(BerError);
      }
    }
    expect(decoded).toBeGreaterThan(0);
  });
});

describe('inputs built to make the decoder work hard fail by its limits', () => {
  it.each([
    ['and', 0xa0],
    ['or', 0xa1],
    ['not', 0xa2],
  ])('%s filters nested 100000 deep fail by the depth limit', (_, tag) => {
    const buf = searchWith((w) => {
      for (let i = 0; i < 100_000; i++) w.start(tag);
      w.writeString('cn', 0x87);
      for (let i = 0; i < 100_000; i++) w.end();
    });
    expect(messageLength(buf, MAX_BYTES)).toBe(buf.length);
    const err = refusal(buf);
    expect(err).toMatchObject({ messageId: 40, op: 'search' });
    expect(err.message).toMatch(new RegExp(`nested deeper than ${MAX_FILTER_DEPTH}`));
  });

  it('a filter of 100000 items fails by the item limit, flat or in nested ors', () => {
    const flat = searchWith((w) => {
      w.start(0xa0);
      for (let i = 0; i < 100_000; i++) w.writeString('cn', 0x87);
      w.end();
    });
    expect(refusal(flat).message).toMatch(new RegExp(`more than ${MAX_FILTER_ITEMS} items`));
    const nested = searchWith((w) => {
      w.start(0xa0);
      for (let i = 0; i < 2000; i++) {
        w.start(0xa1);
        for (let j = 0; j < 50; j++) w.writeString('cn', 0x87);
        w.end();
      }
      w.end();
    });
    expect(refusal(nested).message).toMatch(new RegExp(`more than ${MAX_FILTER_ITEMS} items`));
  });

  it('declared lengths far beyond the input are refused without reading on', () => {
    const huge = Buffer.from('3084ffffffff020101a384ffffffff', 'hex');
    expect(() => messageLength(huge, MAX_BYTES)).toThrow(BerError);
    expect(refusal(huge).messageId).toBeNull();
    const inner = reframe(Buffer.from('020105638400fffff0', 'hex'));
    expect(refusal(inner)).toMatchObject({ messageId: 5, op: 'search' });
    const w = new BerWriter();
    w.writeInt(6);
    w.writeOctets(Buffer.from(`0400 0a0100 0a0100 020100 020100 010100 ${'a084ffffffff'.repeat(1000)} 3000`.replace(/ /g, ''), 'hex'), 0x63);
    const lies = refusal(reframe(w.finish()));
    expect(lies).toMatchObject({ messageId: 6, op: 'search' });
    expect(lies.message).toMatch(/length of 4294967295 runs past the end/);
  });
});
