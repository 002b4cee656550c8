import { BerWriter } from './ber-writer.ts';
import { BerError, BerReader } from './ber.ts';
import { PAGED_RESULTS_OID, type Control } from './types.ts';

/**
 * The value of a paged results request control (RFC 2696): the page size asked for and the cookie (empty on the first
 * request; a view into `value`). Throws a BerError when the value is missing or malformed.
 */
export function decodePagedRequest(value: Buffer | undefined): { size: number; cookie: Buffer } {
  if (value === undefined) throw new BerError('The paged results control needs a value.');
  const outer = new BerReader(value);
  const seq = outer.readSequence();
  outer.expectEnd();
  const size = seq.readInt();
  if (size < 0) throw new BerError(`A page size must not be negative (${size}).`);
  const cookie = seq.readOctets();
  seq.expectEnd();
  return { size, cookie };
}

/** The paged results response control: the estimated total (0 when unknown) and the cookie of the next page (empty after the last). */
export function encodePagedResponse(size: number, cookie: Buffer): Control {
  const w = new BerWriter(16 + cookie.length);
  w.start();
  w.writeInt(size);
  w.writeOctets(cookie);
  w.end();
  return { oid: PAGED_RESULTS_OID, critical: false, value: w.finish() };
}
