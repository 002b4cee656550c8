/** A small BER writer for LDAPv3 (RFC 4511 §5.1): single-octet tags, definite lengths in the fewest octets, 32-bit integers. */
import { BerError, Tag } from './ber.ts';

/** How many octets follow the first length octet: 0 for the short form. */
const lengthOctets = (len: number) => (len < 0x80 ? 0 : len < 0x100 ? 1 : len < 0x10000 ? 2 : len < 0x1000000 ? 3 : 4);

/** A scratch buffer larger than this is not kept between messages. */
const RETAINED_BYTES = 1 << 20;

/** Encodes BER into one growing buffer; constructed elements get their lengths back-patched in the shortest form. */
export class BerWriter {
  private readonly initialSize: number;
  private buf: Buffer;
  private pos = 0;
  /** For each open element: where its length octets begin, times 4, plus how many were reserved. */
  private readonly open: number[] = [];

  constructor(initialSize = 4096) {
    this.initialSize = initialSize;
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.pos + bytes, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** Writes a tag and a length; the caller writes the content. */
  private header(tag: number, len: number): void {
    this.ensure(6 + len);
    this.buf[this.pos] = tag;
    const octets = lengthOctets(len);
    this.putLength(this.pos + 1, len, octets);
    this.pos += 2 + octets;
  }

  /** Writes `len` at `at`: in one octet, or as 0x80|octets then `octets` big-endian octets. */
  private putLength(at: number, len: number, octets: number): void {
    if (octets === 0) {
      this.buf[at] = len;
      return;
    }
    this.buf[at] = 0x80 | octets;
    for (let i = 1; i <= octets; i++) this.buf[at + i] = Math.floor(len / 2 ** (8 * (octets - i))) & 0xff;
  }

  /** Opens a constructed element for `end` to close, reserving 1 length octet (for content under 128 bytes) or 3. */
  start(tag: number = Tag.sequence, reserve: 1 | 3 = 3): void {
    this.ensure(1 + reserve);
    this.buf[this.pos++] = tag;
    this.open.push(this.pos * 4 + reserve);
    this.pos += reserve;
  }

  /** Closes the innermost open element: its length in the fewest octets, the content moved when that is not as reserved. */
  end(): void {
    const top = this.open.pop();
    if (top === undefined) throw new BerError('No constructed element is open.');
    const at = Math.floor(top / 4);
    const content = at + (top % 4);
    const len = this.pos - content;
    const octets = lengthOctets(len);
    const shift = at + 1 + octets - content;
    if (shift !== 0) {
      if (shift > 0) this.ensure(shift);
      this.buf.copyWithin(content + shift, content, this.pos);
      this.pos += shift;
    }
    this.putLength(at, len, octets);
  }

  /** An OCTET STRING (or `tag`) holding `value` as UTF-8. */
  writeString(value: string, tag: number = Tag.octetString): void {
    if (value.length * 3 < 0x80) {
      this.ensure(2 + value.length * 3);
      this.buf[this.pos] = tag;
      const len = value.length === 0 ? 0 : this.buf.write(value, this.pos + 2);
      this.buf[this.pos + 1] = len;
      this.pos += 2 + len;
      return;
    }
    const len = Buffer.byteLength(value);
    this.header(tag, len);
    this.pos += this.buf.write(value, this.pos);
  }

  /** An OCTET STRING (or `tag`) holding `value`. */
  writeOctets(value: Uint8Array, tag: number = Tag.octetString): void {
    this.header(tag, value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** A signed 32-bit INTEGER (or ENUMERATED, by `tag`) in the fewest octets. */
  writeInt(value: number, tag: number = Tag.integer): void {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new BerError(`${value} is not a 32-bit integer.`);
    const len = value >= -0x80 && value < 0x80 ? 1 : value >= -0x8000 && value < 0x8000 ? 2 : value >= -0x800000 && value < 0x800000 ? 3 : 4;
    this.header(tag, len);
    for (let i = len - 1; i >= 0; i--) this.buf[this.pos++] = (value >> (8 * i)) & 0xff;
  }

  /** A BOOLEAN: 0xff for true, 0x00 for false. */
  writeBool(value: boolean, tag: number = Tag.boolean): void {
    this.header(tag, 1);
    this.buf[this.pos++] = value ? 0xff : 0x00;
  }

  /** A NULL (or `tag` with no content). */
  writeNull(tag: number = Tag.null): void {
    this.header(tag, 0);
  }

  /** Forgets everything written so far (after a failed encoding, say). */
  reset(): void {
    this.pos = 0;
    this.open.length = 0;
    if (this.buf.length > RETAINED_BYTES) this.buf = Buffer.allocUnsafe(this.initialSize);
  }

  /** A copy of the bytes written; the writer is then empty, to be reused. */
  finish(): Buffer {
    if (this.open.length > 0) throw new BerError(`${this.open.length} constructed element(s) are still open.`);
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.reset();
    return out;
  }
}
