import { BerReader as LdaptsReader } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { BerWriter } from '../plugins/ldap/protocol/ber-writer.ts';
import { BerError, BerReader, MAX_DEPTH, Tag } from '../plugins/ldap/protocol/ber.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** Encodes with a fresh writer. */
function encode(write: (w: BerWriter) => void, initialSize?: number): Buffer {
  const w = new BerWriter(initialSize);
  write(w);
  return w.finish();
}

/** Asserts `fn` throws a BerError whose message matches `message`. */
function expectBerError(fn: () => unknown, message: RegExp) {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(BerError);
  expect((thrown as BerError).name).toBe('BerError');
  expect((thrown as BerError).message).toMatch(message);
}

describe('INTEGER', () => {
  const vectors: [number, string][] = [
    [0, '020100'],
    [-1, '0201ff'],
    [127, '02017f'],
    [128, '02020080'],
    [-128, '020180'],
    [-129, '0202ff7f'],
    [255, '020200ff'],
    [256, '02020100'],
    [32767, '02027fff'],
    [32768, '0203008000'],
    [-32769, '0203ff7fff'],
    [8388607, '02037fffff'],
    [8388608, '020400800000'],
    [2 ** 31 - 1, '02047fffffff'],
    [-(2 ** 31), '020480000000'],
  ];

  it.each(vectors)('%d is written in the fewest octets and read back, by us and by ldapts', (value, bytes) => {
    const buf = encode((w) => w.writeInt(value));
    expect(buf.toString('hex')).toBe(bytes);
    const reader = new BerReader(buf);
    expect(reader.readInt()).toBe(value);
    expect(reader.done).toBe(true);
    expect(new LdaptsReader(buf).readInt()).toBe(value);
  });

  it('ENUMERATED is an INTEGER with tag 0x0a', () => {
    const buf = encode((w) => w.writeInt(53, Tag.enumerated));
    expect(buf.toString('hex')).toBe('0a0135');
    expect(new BerReader(buf).readInt(Tag.enumerated)).toBe(53);
    expect(new LdaptsReader(buf).readEnumeration()).toBe(53);
  });

  it('reads a redundant leading octet within 4 octets, as liblber does', () => {
    expect(new BerReader(hex('02 04 00 00 00 05')).readInt()).toBe(5);
    expect(new BerReader(hex('02 02 ff ff')).readInt()).toBe(-1);
  });

  it('refuses an INTEGER of more than 4 octets or of none', () => {
    expectBerError(() => new BerReader(hex('02 05 00 80 00 00 00')).readInt(), /5 octets does not fit in 32 bits/);
    expectBerError(() => new BerReader(hex('02 00')).readInt(), /no content octets/);
  });

  it('the writer refuses what is not a 32-bit integer', () => {
    for (const value of [2 ** 31, -(2 ** 31) - 1, 1.5, Number.NaN]) {
      expectBerError(() => new BerWriter().writeInt(value), /not a 32-bit integer/);
    }
  });
});

describe('BOOLEAN, NULL, OCTET STRING', () => {
  it('BOOLEAN is 0xff or 0x00 when written; any non-zero octet reads as true', () => {
    expect(encode((w) => w.writeBool(true)).toString('hex')).toBe('0101ff');
    expect(encode((w) => w.writeBool(false)).toString('hex')).toBe('010100');
    expect(new BerReader(hex('01 01 01')).readBool()).toBe(true);
    expect(new BerReader(hex('01 01 00')).readBool()).toBe(false);
    expect(new BerReader(hex('84 01 ff')).readBool(0x84)).toBe(true);
    expectBerError(() => new BerReader(hex('01 02 ff ff')).readBool(), /exactly one content octet/);
    expectBerError(() => new BerReader(hex('01 00')).readBool(), /exactly one content octet/);
  });

  it('NULL has no content', () => {
    expect(encode((w) => w.writeNull()).toString('hex')).toBe('0500');
    expect(encode((w) => w.writeNull(0x42)).toString('hex')).toBe('4200');
    const reader = new BerReader(hex('05 00'));
    reader.readNull();
    expect(reader.done).toBe(true);
    expectBerError(() => new BerReader(hex('05 01 00')).readNull(), /no content octets/);
  });

  it('strings are UTF-8, empty included', () => {
    for (const text of ['', 'a', 'Jürgen', '日本語', 'emoji 😀', 'x'.repeat(42), 'é'.repeat(63), 'é'.repeat(64)]) {
      const buf = encode((w) => w.writeString(text));
      expect(new BerReader(buf).readString()).toBe(text);
      expect(new LdaptsReader(buf).readString()).toBe(text);
      expect(buf.length).toBe(Buffer.byteLength(text) + (Buffer.byteLength(text) < 128 ? 2 : 3));
    }
  });

  it.each([
    [0, '00'],
    [127, '7f'],
    [128, '8180'],
    [255, '81ff'],
    [256, '820100'],
    [65535, '82ffff'],
    [65536, '83010000'],
    [70000, '83011170'],
  ])('an OCTET STRING of %d bytes has the length octets %s', (size, lengthOctets) => {
    const value = Buffer.alloc(size, 0x61);
    for (const buf of [encode((w) => w.writeOctets(value)), encode((w) => w.writeString(value.toString()))]) {
      expect(buf.subarray(1, 1 + lengthOctets.length / 2).toString('hex')).toBe(lengthOctets);
      expect(buf.length).toBe(1 + lengthOctets.length / 2 + size);
      expect(new BerReader(buf).readOctets().equals(value)).toBe(true);
    }
  });

  it('reads long-form lengths that are not the shortest', () => {
    expect(new BerReader(hex('04 81 03 61 62 63')).readString()).toBe('abc');
    expect(new BerReader(hex('04 84 00 00 00 03 61 62 63')).readString()).toBe('abc');
  });

  it('readOctets returns a view of the input, not a copy, and honours the reader bounds', () => {
    const input = hex('ff ff 04 03 61 62 63 ff');
    const reader = new BerReader(input, 2, 7);
    const value = reader.readOctets();
    expect(value.toString()).toBe('abc');
    expect(value.buffer).toBe(input.buffer);
    expect(value.byteOffset).toBe(input.byteOffset + 4);
    expect(reader.done).toBe(true);
    reader.expectEnd();
  });
});

describe('constructed elements', () => {
  it('context and application tags, constructed and primitive', () => {
    const buf = encode((w) => {
      w.start(0x63);
      w.writeString('dc=example', 0x80);
      w.start(0xa3);
      w.writeInt(7);
      w.end();
      w.writeOctets(Buffer.from('cn'), 0x87);
      w.end();
    });
    expect(buf.toString('hex')).toBe('631580' + '0a' + Buffer.from('dc=example').toString('hex') + 'a303020107' + '8702636e');
    const op = new BerReader(buf).readSequence(0x63);
    expect(op.readString(0x80)).toBe('dc=example');
    const inner = op.readSequence(0xa3);
    expect(inner.readInt()).toBe(7);
    inner.expectEnd();
    expect(op.readString(0x87)).toBe('cn');
    op.expectEnd();
  });

  /** The size of an element with `content` octets of content, its length in the fewest octets. */
  const element = (content: number) => 1 + (content < 0x80 ? 1 : content < 0x100 ? 2 : content < 0x10000 ? 3 : content < 0x1000000 ? 4 : 5) + content;
  const sizes = [0, 1, 120, 126, 130, 300, 70000, 2 ** 24 + 10];

  it.each(sizes.flatMap((size) => [[size, 1], [size, 3]] as const))(
    'back-patches a SEQUENCE holding a SET with %d octets, %d length octets reserved, in the shortest form',
    (size, reserve) => {
      const value = Buffer.alloc(size, 0x7a);
      const buf = encode((w) => {
        w.start(Tag.sequence, reserve);
        w.start(Tag.set, reserve);
        if (size > 0) w.writeOctets(value, 0x80);
        w.end();
        w.writeBool(true);
        w.end();
      }, 16);
      const setSize = element(size > 0 ? element(size) : 0);
      expect(buf.length).toBe(element(setSize + 3));
      const reader = new BerReader(buf);
      const seq = reader.readSequence();
      reader.expectEnd();
      const set = seq.readSequence(Tag.set);
      if (size > 0) expect(set.readOctets(0x80).equals(value)).toBe(true);
      set.expectEnd();
      expect(seq.readBool()).toBe(true);
      seq.expectEnd();
      const ldapts = new LdaptsReader(buf);
      expect(ldapts.readSequence()).toBe(0x30);
      expect(ldapts.length).toBe(buf.length - ldapts.offset);
    },
  );

  it('a writer grows from a tiny buffer, hands out a copy and is reusable', () => {
    const w = new BerWriter(1);
    w.start();
    for (let i = 0; i < 1000; i++) w.writeInt(i);
    w.end();
    const first = w.finish();
    const seq = new BerReader(first).readSequence();
    for (let i = 0; i < 1000; i++) expect(seq.readInt()).toBe(i);
    seq.expectEnd();
    w.writeString('next');
    const second = w.finish();
    expect(second.toString('hex')).toBe('04046e657874');
    expect(new BerReader(first).readSequence().readInt()).toBe(0);
  });

  it('reset forgets a half-written message', () => {
    const w = new BerWriter();
    w.start();
    w.writeString('half');
    w.reset();
    w.writeNull();
    expect(w.finish().toString('hex')).toBe('0500');
  });

  it('opens up to MAX_DEPTH nested elements and no more', () => {
    const nested = (depth: number) =>
      encode((w) => {
        for (let i = 0; i < depth; i++) w.start();
        for (let i = 0; i < depth; i++) w.end();
      });
    let reader = new BerReader(nested(MAX_DEPTH));
    for (let i = 0; i < MAX_DEPTH; i++) reader = reader.readSequence();
    expect(reader.depth).toBe(MAX_DEPTH);
    expect(reader.done).toBe(true);
    reader = new BerReader(nested(MAX_DEPTH + 1));
    expectBerError(() => {
      for (let i = 0; i <= MAX_DEPTH; i++) reader = reader.readSequence();
    }, new RegExp(`nested deeper than ${MAX_DEPTH}`));
  });
});

describe('malformed input', () => {
  it('a truncated header', () => {
    expectBerError(() => new BerReader(hex('04')).readString(), /ends inside an element/);
    expectBerError(() => new BerReader(hex('04 82 01')).readString(), /ends inside an element/);
    expectBerError(() => new BerReader(hex('30 81')).readSequence(), /ends inside an element/);
  });

  it('a length past the end, of the input or of the enclosing element', () => {
    expectBerError(() => new BerReader(hex('04 05 61 62')).readString(), /length of 5 runs past the end/);
    expectBerError(() => new BerReader(hex('30 84 ff ff ff ff 00')).readSequence(), /length of 4294967295 runs past the end/);
    const outer = new BerReader(hex('30 03 04 03 61 62 63')).readSequence();
    expectBerError(() => outer.readString(), /length of 3 runs past the end/);
  });

  it('an indefinite length, and lengths of more than 4 octets', () => {
    expectBerError(() => new BerReader(hex('30 80 02 01 01 00 00')).readSequence(), /Indefinite lengths are not allowed/);
    expectBerError(() => new BerReader(hex('04 85 00 00 00 00 01 61')).readString(), /length of 5 octets is too long/);
    expectBerError(() => new BerReader(hex('04 ff')).readString(), /length of 127 octets is too long/);
  });

  it('a wrong tag', () => {
    expectBerError(() => new BerReader(hex('02 01 00')).readString(), /Expected tag 0x04, got 0x02/);
    expectBerError(() => new BerReader(hex('31 00')).readSequence(), /Expected tag 0x30, got 0x31/);
    expectBerError(() => new BerReader(hex('a3 00')).readSequence(0x63), /Expected tag 0x63, got 0xa3/);
  });

  it('a multi-octet tag', () => {
    expectBerError(() => new BerReader(hex('1f 81 00 00')).peek(), /Multi-octet tags are not supported \(0x1f\)/);
    expectBerError(() => new BerReader(hex('7f 01 00')).readSequence(0x7f), /Multi-octet tags/);
  });

  it('a missing element and trailing bytes', () => {
    const reader = new BerReader(hex('30 03 02 01 05 00'));
    expect(reader.readSequence().readInt()).toBe(5);
    expectBerError(() => reader.expectEnd(), /1 unexpected trailing octets/);
    const empty = new BerReader(hex('30 00')).readSequence();
    expectBerError(() => empty.readInt(), /An element is missing/);
    expectBerError(() => empty.peek(), /An element is missing/);
  });

  it('the writer refuses to end what is not open and to finish what is still open', () => {
    expectBerError(() => new BerWriter().end(), /No constructed element is open/);
    const w = new BerWriter();
    w.start();
    w.start();
    expectBerError(() => w.finish(), /2 constructed element\(s\) are still open/);
  });
});
