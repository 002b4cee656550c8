import {
  AbandonRequest,
  AddRequest,
  AddResponse,
  Attribute as LdaptsAttribute,
  BerReader as LdaptsBerReader,
  BindRequest,
  BindResponse,
  Change,
  CompareRequest,
  CompareResponse,
  DeleteRequest,
  DeleteResponse,
  ExtendedRequest,
  ExtendedResponse,
  FilterParser,
  MessageParser,
  ModifyDNRequest,
  ModifyDNResponse,
  ModifyRequest,
  ModifyResponse,
  PagedResultsControl,
  SearchEntry,
  SearchRequest,
  SearchResponse,
  UnbindRequest,
} from 'ldapts';
import { describe, expect, it } from 'vitest';
import { BerError } from '../plugins/ldap/protocol/ber.ts';
import { MAX_FILTER_DEPTH, MAX_FILTER_ITEMS } from '../plugins/ldap/protocol/decode-filter.ts';
import { decodeRequest } from '../plugins/ldap/protocol/decode.ts';
import { encodeResponse } from '../plugins/ldap/protocol/encode.ts';
import { messageLength } from '../plugins/ldap/protocol/framing.ts';
import { decodePagedRequest, encodePagedResponse } from '../plugins/ldap/protocol/paged-results.ts';
import {
  NOTICE_OF_DISCONNECTION_OID,
  PAGED_RESULTS_OID,
  ResultCode,
  STARTTLS_OID,
  WHOAMI_OID,
  type Filter,
  type Request,
  type ResponseMessage,
} from '../plugins/ldap/protocol/types.ts';
import { ldapMessage, present, refusal, saslBindOp, searchOp, type BerWrite } from './support/ldap-messages.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** A searchRequest for base "" with `filter` written by `writeFilter`. */
const searchWith = (writeFilter: BerWrite, messageId = 4) => ldapMessage(messageId, searchOp({ filter: writeFilter }));

/** The search request of a decoded message. */
function searchOf(buf: Buffer): Extract<Request, { op: 'search' }> {
  const { request } = decodeRequest(buf);
  expect(request.op).toBe('search');
  return request as Extract<Request, { op: 'search' }>;
}

/** Every message ldapts's own response parser reads from `buf`, in order. */
function ldaptsRead(buf: Buffer): unknown[] {
  const parser = new MessageParser();
  const messages: unknown[] = [];
  const errors: Error[] = [];
  parser.on('message', (m) => messages.push(m));
  parser.on('error', (e) => errors.push(e));
  parser.read(buf, new Map());
  expect(errors).toEqual([]);
  return messages;
}

/** The one message ldapts reads from `buf`, checked to be of `type`. */
function ldaptsReadOne<T>(buf: Buffer, type: new (...args: never[]) => T): T {
  const messages = ldaptsRead(buf);
  expect(messages).toHaveLength(1);
  expect(messages[0]).toBeInstanceOf(type);
  return messages[0] as T;
}

describe('requests written by hand from RFC 4511', () => {
  it('an anonymous simple bind', () => {
    expect(decodeRequest(hex('30 0c 02 01 01 60 07 02 01 03 04 00 80 00'))).toEqual({
      messageId: 1,
      request: { op: 'bind', version: 3, name: '', auth: { kind: 'simple', password: Buffer.alloc(0) } },
      controls: [],
    });
  });

  it('a root DSE search: base "", scope base, (objectClass=*), two attributes', () => {
    const bytes = hex(`30 47 02 01 02 63 42 04 00 0a 01 00 0a 01 00 02 01 00 02 01 00 01 01 00
      87 0b ${Buffer.from('objectClass').toString('hex')}
      30 22 04 0e ${Buffer.from('namingContexts').toString('hex')} 04 10 ${Buffer.from('supportedControl').toString('hex')}`);
    expect(decodeRequest(bytes)).toEqual({
      messageId: 2,
      request: {
        op: 'search',
        base: '',
        scope: 'base',
        derefAliases: 0,
        sizeLimit: 0,
        timeLimit: 0,
        typesOnly: false,
        filter: { type: 'present', attribute: 'objectClass' },
        attributes: ['namingContexts', 'supportedControl'],
      },
      controls: [],
    });
  });

  it('an unbind, an abandon and a delete', () => {
    expect(decodeRequest(hex('30 05 02 01 03 42 00'))).toEqual({ messageId: 3, request: { op: 'unbind' }, controls: [] });
    expect(decodeRequest(hex('30 06 02 01 04 50 01 02'))).toEqual({ messageId: 4, request: { op: 'abandon', messageId: 2 }, controls: [] });
    expect(decodeRequest(hex('30 09 02 01 05 4a 04 63 6e 3d 78'))).toEqual({ messageId: 5, request: { op: 'delete' }, controls: [] });
  });

  it('messageIDs of 2 to 4 octets, up to 2^31-1', () => {
    expect(decodeRequest(hex('30 06 02 02 01 00 42 00')).messageId).toBe(256);
    expect(decodeRequest(hex('30 08 02 04 7f ff ff ff 42 00')).messageId).toBe(2 ** 31 - 1);
  });
});

describe('requests written by ldapts', () => {
  it('a simple bind with a UTF-8 DN and password', () => {
    const bytes = new BindRequest({ messageId: 1, dn: 'uid=jürgen,ou=people,dc=example,dc=com', password: 'sécret' }).write();
    const decoded = decodeRequest(bytes);
    expect(decoded).toEqual({
      messageId: 1,
      request: { op: 'bind', version: 3, name: 'uid=jürgen,ou=people,dc=example,dc=com', auth: { kind: 'simple', password: Buffer.from('sécret') } },
      controls: [],
    });
    const auth = (decoded.request as Extract<Request, { op: 'bind' }>).auth;
    expect(Buffer.isBuffer(auth.kind === 'simple' && auth.password)).toBe(true);
  });

  it('a SASL bind with credentials', () => {
    const bytes = new BindRequest({ messageId: 2, dn: '', mechanism: 'PLAIN', password: '\0jdoe\0pw' }).write();
    expect(decodeRequest(bytes).request).toEqual({ op: 'bind', version: 3, name: '', auth: { kind: 'sasl', mechanism: 'PLAIN', credentials: Buffer.from('\0jdoe\0pw') } });
  });

  it('an unbind', () => {
    expect(decodeRequest(new UnbindRequest({ messageId: 99 }).write())).toEqual({ messageId: 99, request: { op: 'unbind' }, controls: [] });
  });

  it('a search with every option and a paged results control', () => {
    const bytes = new SearchRequest({
      messageId: 300,
      baseDN: 'ou=people,dc=example,dc=com',
      scope: 'one',
      derefAliases: 'always',
      sizeLimit: 500,
      timeLimit: 30,
      returnAttributeValues: false,
      filter: FilterParser.parseString('(objectClass=person)'),
      attributes: ['cn', 'mail', '1.1'],
      controls: [new PagedResultsControl({ critical: true, value: { size: 100, cookie: Buffer.from([0, 1, 2, 0xff]) } })],
    }).write();
    const decoded = decodeRequest(bytes);
    expect(decoded).toEqual({
      messageId: 300,
      request: {
        op: 'search',
        base: 'ou=people,dc=example,dc=com',
        scope: 'one',
        derefAliases: 3,
        sizeLimit: 500,
        timeLimit: 30,
        typesOnly: true,
        filter: { type: 'equality', attribute: 'objectClass', value: 'person' },
        attributes: ['cn', 'mail', '1.1'],
      },
      controls: [{ oid: PAGED_RESULTS_OID, critical: true, value: expect.any(Buffer) }],
    });
    expect(decodePagedRequest(decoded.controls[0].value)).toEqual({ size: 100, cookie: Buffer.from([0, 1, 2, 0xff]) });
  });

  it('a paged results control with an empty cookie, not critical', () => {
    const bytes = new SearchRequest({
      messageId: 301,
      filter: FilterParser.parseString('(cn=*)'),
      scope: 'base',
      controls: [new PagedResultsControl({ value: { size: 0 } })],
    }).write();
    const decoded = decodeRequest(bytes);
    expect(decoded.controls).toEqual([{ oid: PAGED_RESULTS_OID, critical: false, value: expect.any(Buffer) }]);
    expect(decodePagedRequest(decoded.controls[0].value)).toEqual({ size: 0, cookie: Buffer.alloc(0) });
    expect(searchOf(bytes).scope).toBe('base');
  });

  const filters: [string, Filter][] = [
    [
      '(&(objectClass=person)(|(uid=jdoe)(mail=j*doe@*.com))(!(cn>=m))(sn<=z)(cn~=jon)(givenName=*))',
      {
        type: 'and',
        filters: [
          { type: 'equality', attribute: 'objectClass', value: 'person' },
          { type: 'or', filters: [{ type: 'equality', attribute: 'uid', value: 'jdoe' }, { type: 'substrings', attribute: 'mail', initial: 'j', any: ['doe@'], final: '.com' }] },
          { type: 'not', filter: { type: 'greaterOrEqual', attribute: 'cn', value: 'm' } },
          { type: 'lessOrEqual', attribute: 'sn', value: 'z' },
          { type: 'approxMatch', attribute: 'cn', value: 'jon' },
          { type: 'present', attribute: 'givenName' },
        ],
      },
    ],
    ['(CN=Jürgen*)', { type: 'substrings', attribute: 'CN', initial: 'Jürgen', any: [] }],
    ['(cn=*a*b*)', { type: 'substrings', attribute: 'cn', any: ['a', 'b'] }],
    ['(cn=*x)', { type: 'substrings', attribute: 'cn', any: [], final: 'x' }],
    ['(cn=a\\2ab\\29)', { type: 'equality', attribute: 'cn', value: 'a*b)' }],
    ['(cn:caseExactMatch:=Fred)', { type: 'extensible', attribute: 'cn', matchingRule: 'caseExactMatch', value: 'Fred', dnAttributes: false }],
    ['(cn:dn:2.4.6.8.10:=Dino)', { type: 'extensible', attribute: 'cn', matchingRule: '2.4.6.8.10', value: 'Dino', dnAttributes: true }],
    ['(:1.2.3:=x)', { type: 'extensible', matchingRule: '1.2.3', value: 'x', dnAttributes: false }],
    ['(!(!(|(ou=a)(ou=b))))', { type: 'not', filter: { type: 'not', filter: { type: 'or', filters: [{ type: 'equality', attribute: 'ou', value: 'a' }, { type: 'equality', attribute: 'ou', value: 'b' }] } } }],
  ];

  it.each(filters)('the filter %s', (text, expected) => {
    const bytes = new SearchRequest({ messageId: 7, baseDN: 'dc=example,dc=com', filter: FilterParser.parseString(text) }).write();
    const search = searchOf(bytes);
    expect(search.filter).toEqual(expected);
    expect(search).toMatchObject({ base: 'dc=example,dc=com', scope: 'sub', derefAliases: 0, sizeLimit: 0, timeLimit: 10, typesOnly: false, attributes: [] });
  });

  it('a compare', () => {
    const bytes = new CompareRequest({ messageId: 8, dn: 'cn=admins,ou=groups,dc=example,dc=com', attribute: 'member', value: 'uid=jdoe,ou=people,dc=example,dc=com' }).write();
    expect(decodeRequest(bytes)).toEqual({
      messageId: 8,
      request: { op: 'compare', entry: 'cn=admins,ou=groups,dc=example,dc=com', attribute: 'member', value: 'uid=jdoe,ou=people,dc=example,dc=com' },
      controls: [],
    });
  });

  it.each([0, 5, 127, 128, 70000, 2 ** 31 - 1])('an abandon of messageID %d', (abandonId) => {
    expect(decodeRequest(new AbandonRequest({ messageId: 9, abandonId }).write())).toEqual({ messageId: 9, request: { op: 'abandon', messageId: abandonId }, controls: [] });
  });

  it('extended requests with and without a value', () => {
    expect(decodeRequest(new ExtendedRequest({ messageId: 10, oid: WHOAMI_OID }).write())).toEqual({ messageId: 10, request: { op: 'extended', oid: WHOAMI_OID }, controls: [] });
    expect(decodeRequest(new ExtendedRequest({ messageId: 11, oid: STARTTLS_OID }).write()).request).toEqual({ op: 'extended', oid: STARTTLS_OID });
    const value = Buffer.from([0x30, 0x03, 0x80, 0x01, 0x41]);
    expect(decodeRequest(new ExtendedRequest({ messageId: 12, oid: '1.3.6.1.4.1.4203.1.11.1', value }).write()).request).toEqual({ op: 'extended', oid: '1.3.6.1.4.1.4203.1.11.1', value });
  });

  it('modify, add, delete and modifyDN are recognised, their content skipped', () => {
    const attribute = new LdaptsAttribute({ type: 'mail', values: ['a@example.com', 'b@example.com'] });
    const requests = [
      new ModifyRequest({ messageId: 20, dn: 'uid=a,dc=example', changes: [new Change({ operation: 'replace', modification: attribute })] }),
      new AddRequest({ messageId: 21, dn: 'uid=b,dc=example', attributes: [attribute] }),
      new DeleteRequest({ messageId: 22, dn: 'uid=c,dc=example' }),
      new ModifyDNRequest({ messageId: 23, dn: 'uid=d,dc=example', newRdn: 'uid=e', newSuperior: 'ou=x,dc=example' }),
    ];
    expect(requests.map((r) => decodeRequest(r.write()))).toEqual([
      { messageId: 20, request: { op: 'modify' }, controls: [] },
      { messageId: 21, request: { op: 'add' }, controls: [] },
      { messageId: 22, request: { op: 'delete' }, controls: [] },
      { messageId: 23, request: { op: 'modifyDN' }, controls: [] },
    ]);
  });
});

describe('requests ldapts cannot send', () => {
  it('a SASL bind without credentials', () => {
    const bytes = ldapMessage(1, saslBindOp('EXTERNAL'));
    expect(decodeRequest(bytes).request).toEqual({ op: 'bind', version: 3, name: '', auth: { kind: 'sasl', mechanism: 'EXTERNAL' } });
  });

  it('empty and and or sets (RFC 4526 absolute true and false)', () => {
    expect(searchOf(searchWith((w) => (w.start(0xa0), w.end()))).filter).toEqual({ type: 'and', filters: [] });
    expect(searchOf(searchWith((w) => (w.start(0xa1), w.end()))).filter).toEqual({ type: 'or', filters: [] });
  });

  it('controls: criticality defaults to false, the value is optional', () => {
    const bytes = ldapMessage(5, (w) => w.writeNull(0x42), [
      { oid: '1.2.3.4' },
      { oid: '1.2.3.5', critical: true },
      { oid: '1.2.3.6', value: Buffer.from('v') },
    ]);
    expect(decodeRequest(bytes).controls).toEqual([
      { oid: '1.2.3.4', critical: false },
      { oid: '1.2.3.5', critical: true },
      { oid: '1.2.3.6', critical: false, value: Buffer.from('v') },
    ]);
  });

  it(`filters nested ${MAX_FILTER_DEPTH} deep, with ${MAX_FILTER_ITEMS} items`, () => {
    const deep = searchOf(
      searchWith((w) => {
        for (let i = 1; i < MAX_FILTER_DEPTH; i++) w.start(0xa2);
        w.writeString('cn', 0x87);
        for (let i = 1; i < MAX_FILTER_DEPTH; i++) w.end();
      }),
    );
    let depth = 1;
    for (let f = deep.filter; f.type === 'not'; f = f.filter) depth++;
    expect(depth).toBe(MAX_FILTER_DEPTH);
    const wide = searchOf(
      searchWith((w) => {
        w.start(0xa1);
        for (let i = 1; i < MAX_FILTER_ITEMS; i++) w.writeString(`a${i}`, 0x87);
        w.end();
      }),
    );
    expect(wide.filter.type === 'or' && wide.filter.filters.length).toBe(MAX_FILTER_ITEMS - 1);
  });
});

describe('refused requests', () => {
  const refused = (buf: Buffer, messageId: number | null, op: Request['op'] | undefined, text: RegExp) => {
    const err = refusal(buf);
    expect(err.name).toBe('ProtocolError');
    expect(err.messageId).toBe(messageId);
    expect(err.op).toBe(op);
    expect(err.message).toMatch(text);
  };

  it('when no messageID can be read, without one', () => {
    refused(hex('31 05 02 01 01 42 00'), null, undefined, /Expected tag 0x30, got 0x31/);
    refused(hex('30 05 04 01 01 42 00'), null, undefined, /Expected tag 0x02, got 0x04/);
    refused(hex('30 05 02 01 01 42 00 00'), null, undefined, /1 unexpected trailing octets/);
    refused(hex('30 80 02 01 01 42 00 00 00'), null, undefined, /Indefinite lengths/);
    refused(hex('30 05 02 01 00 42 00'), null, undefined, /messageID must be from 1 to 2\^31-1, not 0/);
    refused(hex('30 05 02 01 ff 42 00'), null, undefined, /not -1/);
    expect(refusal(hex('30 05 02 01 00 42 00')).cause).toBeUndefined();
  });

  it('an unknown or response tag, with the messageID and no operation', () => {
    refused(hex('30 05 02 01 07 7e 00'), 7, undefined, /0x7e is not the tag of a request/);
    refused(hex('30 0c 02 01 07 61 07 0a 01 00 04 00 04 00'), 7, undefined, /0x61 is not the tag of a request/);
    refused(hex('30 05 02 01 07 a0 00'), 7, undefined, /0xa0 is not the tag of a request/);
    refused(hex('30 03 02 01 07'), 7, undefined, /An element is missing/);
  });

  it('a known operation encoded wrongly, with the messageID and the operation', () => {
    refused(hex('30 05 02 01 08 62 00'), 8, 'unbind', /The unbind request must be primitive/);
    refused(hex('30 05 02 01 08 43 00'), 8, 'search', /The search request must be constructed/);
    refused(hex('30 06 02 01 08 42 01 00'), 8, 'unbind', /NULL must have no content/);
    refused(hex('30 05 02 01 08 50 00'), 8, 'abandon', /INTEGER has no content/);
    refused(hex('30 06 02 01 08 50 01 ff'), 8, 'abandon', /abandoned messageID must not be negative/);
    refused(hex('30 0c 02 01 08 60 07 02 01 03 04 00 81 00'), 8, 'bind', /0x81 is not a supported authentication choice/);
    refused(hex('30 0e 02 01 08 60 09 02 01 03 04 00 80 00 04 00'), 8, 'bind', /trailing octets/);
    refused(hex('30 08 02 01 08 42 00 a0 01 00'), 8, 'unbind', /length of 1 runs past the end|Expected tag 0x30/);
    refused(hex('30 09 02 01 08 42 00 a0 02 30 00'), 8, 'unbind', /An element is missing/);
    refused(hex('30 09 02 01 08 77 04 81 02 68 69'), 8, 'extended', /Expected tag 0x80, got 0x81/);
  });

  it('search fields out of range', () => {
    const search = (scope: number, derefAliases: number, sizeLimit: number) =>
      ldapMessage(4, searchOp({ scope, derefAliases, sizeLimit, filter: present('cn') }));
    expect(searchOf(search(2, 3, 2 ** 31 - 1))).toMatchObject({ scope: 'sub', derefAliases: 3, sizeLimit: 2 ** 31 - 1 });
    refused(search(3, 0, 0), 4, 'search', /3 is not a search scope/);
    refused(search(-1, 0, 0), 4, 'search', /-1 is not a search scope/);
    refused(search(0, 4, 0), 4, 'search', /4 is not a derefAliases value/);
    refused(search(0, 0, -5), 4, 'search', /sizeLimit must not be negative/);
    const children = new SearchRequest({ messageId: 6, filter: FilterParser.parseString('(cn=*)'), scope: 'children' }).write();
    refused(children, 6, 'search', /3 is not a search scope/);
  });

  it('substrings out of order, empty or unknown', () => {
    const substrings = (...items: [number, string][]) =>
      searchWith((w) => {
        w.start(0xa4);
        w.writeString('cn');
        w.start();
        for (const [tag, value] of items) w.writeString(value, tag);
        w.end();
        w.end();
      });
    expect(searchOf(substrings([0x80, 'a'], [0x81, 'b'], [0x81, 'c'], [0x82, 'd'])).filter).toEqual({ type: 'substrings', attribute: 'cn', initial: 'a', any: ['b', 'c'], final: 'd' });
    refused(substrings(), 4, 'search', /at least one substring/);
    refused(substrings([0x81, 'b'], [0x80, 'a']), 4, 'search', /initial substring must come first, once/);
    refused(substrings([0x80, 'a'], [0x80, 'b']), 4, 'search', /initial substring must come first, once/);
    refused(substrings([0x82, 'a'], [0x81, 'b']), 4, 'search', /final substring must come last/);
    refused(substrings([0x82, 'a'], [0x82, 'b']), 4, 'search', /final substring must come last/);
    refused(substrings([0x83, 'a']), 4, 'search', /0x83 is not a substring choice/);
  });

  it('unknown filter choices, a not of two filters, an extensibleMatch with neither rule nor type', () => {
    refused(searchWith((w) => w.writeString('cn', 0x8a)), 4, 'search', /0x8a is not a filter choice/);
    refused(searchWith((w) => w.writeString('cn', 0x07)), 4, 'search', /0x07 is not a filter choice/);
    refused(searchWith((w) => (w.start(0xa7), w.end())), 4, 'search', /0xa7 is not a filter choice/);
    refused(
      searchWith((w) => {
        w.start(0xa2);
        w.writeString('a', 0x87);
        w.writeString('b', 0x87);
        w.end();
      }),
      4,
      'search',
      /trailing octets/,
    );
    refused(searchWith((w) => (w.start(0xa2), w.end())), 4, 'search', /An element is missing/);
    refused(
      searchWith((w) => {
        w.start(0xa9);
        w.writeString('x', 0x83);
        w.end();
      }),
      4,
      'search',
      /needs a matchingRule or a type/,
    );
  });

  it(`a filter nested deeper than ${MAX_FILTER_DEPTH} or with more than ${MAX_FILTER_ITEMS} items`, () => {
    refused(
      searchWith((w) => {
        for (let i = 0; i < MAX_FILTER_DEPTH; i++) w.start(0xa0);
        w.writeString('cn', 0x87);
        for (let i = 0; i < MAX_FILTER_DEPTH; i++) w.end();
      }),
      4,
      'search',
      new RegExp(`nested deeper than ${MAX_FILTER_DEPTH}`),
    );
    refused(
      searchWith((w) => {
        w.start(0xa1);
        for (let i = 0; i < MAX_FILTER_ITEMS; i++) w.writeString('cn', 0x87);
        w.end();
      }),
      4,
      'search',
      new RegExp(`more than ${MAX_FILTER_ITEMS} items`),
    );
  });

  it('the BerError is kept as the cause', () => {
    const err = refusal(hex('30 05 02 01 08 50 00'));
    expect(err.cause).toBeInstanceOf(BerError);
  });
});

describe('paged results values', () => {
  it('encodes the response control as ldapts reads it', () => {
    const control = encodePagedResponse(1234, Buffer.from('next'));
    expect(control).toEqual({ oid: PAGED_RESULTS_OID, critical: false, value: hex('30 0a 02 02 04 d2 04 04 6e 65 78 74') });
    const parsed = new PagedResultsControl();
    parsed.parse(new LdaptsBerReader(control.value!));
    expect(parsed.value).toEqual({ size: 1234, cookie: Buffer.from('next') });
  });

  it('refuses a missing, negative or malformed value', () => {
    for (const value of [undefined, hex('30 03 02 01 ff 04 00'), hex('30 03 02 01 05'), hex('30 05 02 01 05 04 00 00'), hex('30 06 02 01 05 04 00 00'), hex('04 00')]) {
      expect(() => decodePagedRequest(value)).toThrow(BerError);
    }
  });
});

describe('responses, as ldapts reads them', () => {
  it('a bind response written by hand from RFC 4511 is what we encode', () => {
    expect(encodeResponse({ messageId: 1, response: { op: 'bind', code: ResultCode.success } })).toEqual(hex('30 0c 02 01 01 61 07 0a 01 00 04 00 04 00'));
  });

  it('a failed bind with matchedDN and diagnostic message', () => {
    const bytes = encodeResponse({ messageId: 1, response: { op: 'bind', code: ResultCode.invalidCredentials, matchedDN: 'dc=example,dc=com', diagnostic: 'Invalid credentials: é' } });
    const parsed = ldaptsReadOne(bytes, BindResponse);
    expect(parsed).toMatchObject({ messageId: 1, status: 49, matchedDN: 'dc=example,dc=com', errorMessage: 'Invalid credentials: é' });
  });

  it('a search entry with text, binary, empty and long values and many attributes', () => {
    const photo = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const long = 'λ'.repeat(40000);
    const many = Array.from({ length: 300 }, (_, i) => ({ type: `attr${i}`, values: [`value ${i}`, `second ${i}`] }));
    const attributes = [
      { type: 'objectClass', values: ['top', 'person', 'inetOrgPerson'] },
      { type: 'cn', values: ['Jürgen Müller'] },
      { type: 'jpegPhoto;binary', values: [photo] },
      { type: 'description', values: [long] },
      { type: 'mail', values: [] },
      ...many,
    ];
    const bytes = encodeResponse({ messageId: 3, response: { op: 'searchEntry', dn: 'uid=jürgen,ou=people,dc=example,dc=com', attributes } });
    expect(bytes[1]).toBe(0x83);
    const parsed = ldaptsReadOne(bytes, SearchEntry);
    expect(parsed.messageId).toBe(3);
    expect(parsed.name).toBe('uid=jürgen,ou=people,dc=example,dc=com');
    expect(parsed.attributes.map((a) => ({ type: a.type, values: a.values }))).toEqual(attributes);
    expect(messageLength(bytes, bytes.length)).toBe(bytes.length);
  });

  it('search done with a paged results control, and with a critical control of our own', () => {
    const cookie = Buffer.from([1, 2, 3, 0]);
    const bytes = encodeResponse({ messageId: 4, response: { op: 'searchDone', code: ResultCode.success }, controls: [encodePagedResponse(0, cookie)] });
    const parsed = ldaptsReadOne(bytes, SearchResponse);
    expect(parsed).toMatchObject({ messageId: 4, status: 0, matchedDN: '', errorMessage: '' });
    expect(parsed.controls).toHaveLength(1);
    expect(parsed.controls?.[0]).toBeInstanceOf(PagedResultsControl);
    expect((parsed.controls?.[0] as PagedResultsControl).value).toEqual({ size: 0, cookie });

    const last = encodeResponse({ messageId: 4, response: { op: 'searchDone', code: ResultCode.sizeLimitExceeded }, controls: [encodePagedResponse(42, Buffer.alloc(0))] });
    const lastParsed = ldaptsReadOne(last, SearchResponse);
    expect(lastParsed.status).toBe(4);
    expect((lastParsed.controls?.[0] as PagedResultsControl).value).toEqual({ size: 42, cookie: Buffer.alloc(0) });

    const own = encodeResponse({ messageId: 5, response: { op: 'searchDone', code: 0 }, controls: [{ oid: '1.2.3', critical: true, value: Buffer.from('v') }, { oid: '1.2.4', critical: false }] });
    expect(own).toEqual(hex('30 26 02 01 05 65 07 0a 01 00 04 00 04 00 a0 18 30 0d 04 05 31 2e 32 2e 33 01 01 ff 04 01 76 30 07 04 05 31 2e 32 2e 34'));
  });

  it.each([
    ['modify', ModifyResponse, 0x67],
    ['add', AddResponse, 0x69],
    ['delete', DeleteResponse, 0x6b],
    ['modifyDN', ModifyDNResponse, 0x6d],
    ['compare', CompareResponse, 0x6f],
  ] as const)('a %s response', (op, type, tag) => {
    const code = op === 'compare' ? ResultCode.compareTrue : ResultCode.unwillingToPerform;
    const bytes = encodeResponse({ messageId: 2 ** 31 - 1, response: { op, code, diagnostic: 'read-only' } });
    expect(bytes[8]).toBe(tag);
    expect(ldaptsReadOne(bytes, type as new (...args: never[]) => { status: number })).toMatchObject({ messageId: 2 ** 31 - 1, status: code, matchedDN: '', errorMessage: 'read-only' });
  });

  it('extended responses with and without a name and value', () => {
    const whoami = encodeResponse({ messageId: 6, response: { op: 'extended', code: 0, responseName: WHOAMI_OID, responseValue: Buffer.from('dn:uid=jdoe,dc=example') } });
    expect(ldaptsReadOne(whoami, ExtendedResponse)).toMatchObject({ messageId: 6, status: 0, oid: WHOAMI_OID, value: 'dn:uid=jdoe,dc=example' });
    const bare = encodeResponse({ messageId: 7, response: { op: 'extended', code: ResultCode.protocolError, diagnostic: 'unknown' } });
    const parsed = ldaptsReadOne(bare, ExtendedResponse);
    expect(parsed).toMatchObject({ messageId: 7, status: 2, errorMessage: 'unknown' });
    expect(parsed.oid).toBeUndefined();
    expect(parsed.value).toBeUndefined();
  });

  it('a notice of disconnection goes out with messageID 0', () => {
    const bytes = encodeResponse({ messageId: 12, response: { op: 'notice', responseName: NOTICE_OF_DISCONNECTION_OID, code: ResultCode.unavailable, diagnostic: 'shutting down' } });
    expect(ldaptsReadOne(bytes, ExtendedResponse)).toMatchObject({ messageId: 0, status: 52, errorMessage: 'shutting down', oid: NOTICE_OF_DISCONNECTION_OID });
  });

  it('responses back to back are read in order, by ldapts and by messageLength', () => {
    const responses: ResponseMessage[] = [
      { messageId: 2, response: { op: 'searchEntry', dn: 'cn=a', attributes: [{ type: 'cn', values: ['a'] }] } },
      { messageId: 2, response: { op: 'searchEntry', dn: 'cn=b', attributes: [{ type: 'cn', values: ['b'.repeat(200)] }] } },
      { messageId: 2, response: { op: 'searchDone', code: 0 } },
    ];
    const stream = Buffer.concat(responses.map(encodeResponse));
    const parsed = ldaptsRead(stream);
    expect(parsed.map((m) => (m as { constructor: { name: string } }).constructor.name)).toEqual(['SearchEntry', 'SearchEntry', 'SearchResponse']);
    expect((parsed[1] as SearchEntry).attributes[0].values).toEqual(['b'.repeat(200)]);
    const lengths: number[] = [];
    for (let rest = stream; rest.length > 0; ) {
      const len = messageLength(rest, 1 << 20);
      expect(len).not.toBeNull();
      lengths.push(len!);
      rest = rest.subarray(len!);
    }
    expect(lengths).toEqual(responses.map((r) => encodeResponse(r).length));
  });

  it('a response that cannot be encoded leaves the shared writer usable', () => {
    expect(() => encodeResponse({ messageId: 2 ** 31, response: { op: 'bind', code: 0 } })).toThrow(BerError);
    expect(encodeResponse({ messageId: 1, response: { op: 'bind', code: 0 } })).toEqual(hex('30 0c 02 01 01 61 07 0a 01 00 04 00 04 00'));
  });
});

describe('messageLength', () => {
  it('is null until the whole message has arrived, then its length, whatever follows', () => {
    const first = new SearchRequest({ messageId: 1, baseDN: 'x'.repeat(300), filter: FilterParser.parseString('(cn=*)') }).write();
    const second = new UnbindRequest({ messageId: 2 }).write();
    expect(first[1]).toBe(0x82);
    for (let i = 0; i < first.length; i++) expect(messageLength(first.subarray(0, i), 1 << 20)).toBeNull();
    expect(messageLength(first, 1 << 20)).toBe(first.length);
    const both = Buffer.concat([first, second]);
    expect(messageLength(both, 1 << 20)).toBe(first.length);
    expect(messageLength(both.subarray(first.length), 1 << 20)).toBe(7);
    expect(decodeRequest(both.subarray(0, first.length)).request.op).toBe('search');
  });

  it('refuses a first octet other than SEQUENCE, indefinite and over-long lengths', () => {
    expect(() => messageLength(hex('31 00'), 100)).toThrow(/must start with a SEQUENCE tag \(0x30\), not 0x31/);
    expect(() => messageLength(hex('30 80'), 100)).toThrow(/Indefinite lengths/);
    expect(() => messageLength(hex('30 85'), 100)).toThrow(/length of 5 octets is too long/);
    for (const bytes of ['31 00', '30 80', '30 85']) expect(() => messageLength(hex(bytes), 100)).toThrow(BerError);
  });

  it('refuses a message longer than maxBytes as soon as its length is known', () => {
    expect(() => messageLength(hex('30 84 7f ff ff ff'), 1 << 20)).toThrow(/2147483653 bytes long, more than the limit of 1048576/);
    expect(() => messageLength(hex('30 81 ff'), 200)).toThrow(BerError);
    expect(messageLength(hex('30 81 c5'), 200)).toBeNull();
    expect(messageLength(hex('30 84 00'), 10)).toBeNull();
  });
});
