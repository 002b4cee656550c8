/** A small BER reader for LDAPv3 (RFC 4511 §5.1): single-octet tags, definite lengths of up to 4 octets, 32-bit integers. */

/** Malformed or unsupported BER input, or a value the writer cannot encode. */
export class BerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BerError';
  }
}

/** Universal tags LDAP uses. */
export const Tag = { boolean: 0x01, integer: 0x02, octetString: 0x04, null: 0x05, enumerated: 0x0a, sequence: 0x30, set: 0x31 } as const;

/** The deepest nesting of constructed elements a reader opens. */
export const MAX_DEPTH = 64;

const hex = (tag: number) => `0x${tag.toString(16).padStart(2, '0')}`;
const truncated = () => new BerError('The input ends inside an element.');

/** Reads the elements of `buf` between `pos` and `end` (a whole message or one element's content) without copying. */
export class BerReader {
  readonly buf: Buffer;
  readonly end: number;
  /** How many constructed elements enclose this content. */
  readonly depth: number;
  pos: number;

  constructor(buf: Buffer, pos = 0, end = buf.length, depth = 0) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.depth = depth;
  }

  /** Whether every element of the content has been read. */
  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The tag of the next element, without reading it. */
  peek(): number {
    if (this.pos >= this.end) throw new BerError('An element is missing at the end of its enclosing content.');
    const tag = this.buf[this.pos];
    if ((tag & 0x1f) === 0x1f) throw new BerError(`Multi-octet tags are not supported (${hex(tag)}).`);
    return tag;
  }

  /** Reads the header of the next element, which must have `tag`: moves to its content and returns its length. */
  private header(tag: number): number {
    const got = this.peek();
    if (got !== tag) throw new BerError(`Expected tag ${hex(tag)}, got ${hex(got)}.`);
    let at = this.pos + 1;
    if (at >= this.end) throw truncated();
    const first = this.buf[at++];
    let len = first;
    if (first & 0x80) {
      const octets = first & 0x7f;
      if (octets === 0) throw new BerError('Indefinite lengths are not allowed.');
      if (octets > 4) throw new BerError(`A length of ${octets} octets is too long.`);
      if (at + octets > this.end) throw truncated();
      len = 0;
      for (let i = 0; i < octets; i++) len = len * 256 + this.buf[at++];
    }
    if (len > this.end - at) throw new BerError(`A length of ${len} runs past the end of the enclosing content.`);
    this.pos = at;
    return len;
  }

  /** A reader of the next constructed element's content (a SEQUENCE unless `tag` says otherwise); moves past it. */
  readSequence(tag: number = Tag.sequence): BerReader {
    const len = this.header(tag);
    if (this.depth >= MAX_DEPTH) throw new BerError(`Elements are nested deeper than ${MAX_DEPTH}.`);
    const inner = new BerReader(this.buf, this.pos, this.pos + len, this.depth + 1);
    this.pos += len;
    return inner;
  }

  /** The content octets of the next element: a view into the input, not a copy. */
  readOctets(tag: number = Tag.octetString): Buffer {
    const len = this.header(tag);
    const start = this.pos;
    this.pos += len;
    return this.buf.subarray(start, this.pos);
  }

  /** The content octets of the next element decoded as UTF-8. */
  readString(tag: number = Tag.octetString): string {
    const len = this.header(tag);
    const start = this.pos;
    this.pos += len;
    return this.buf.toString('utf8', start, this.pos);
  }

  /** A signed INTEGER (or ENUMERATED, by `tag`) of 1 to 4 content octets. */
  readInt(tag: number = Tag.integer): number {
    const len = this.header(tag);
    if (len === 0) throw new BerError('An INTEGER has no content octets.');
    if (len > 4) throw new BerError(`An INTEGER of ${len} octets does not fit in 32 bits.`);
    let value = (this.buf[this.pos] << 24) >> 24;
    for (let i = 1; i < len; i++) value = value * 256 + this.buf[this.pos + i];
    this.pos += len;
    return value;
  }

  /** A BOOLEAN: one content octet, any non-zero value is true. */
  readBool(tag: number = Tag.boolean): boolean {
    if (this.header(tag) !== 1) throw new BerError('A BOOLEAN must have exactly one content octet.');
    return this.buf[this.pos++] !== 0;
  }

  /** A NULL: no content octets. */
  readNull(tag: number = Tag.null): void {
    if (this.header(tag) !== 0) throw new BerError('A NULL must have no content octets.');
  }

  /** Throws unless all the content has been read. */
  expectEnd(): void {
    if (this.pos < this.end) throw new BerError(`${this.end - this.pos} unexpected trailing octets.`);
  }
}
