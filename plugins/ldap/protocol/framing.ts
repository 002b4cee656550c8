import { BerError } from './ber.ts';

/**
 * The byte length of the first LDAPMessage in `buf` (the bytes received so far on a connection) once all of it has
 * arrived, or null while more bytes are needed. Throws a BerError when the first octet is not a SEQUENCE tag, the length
 * is indefinite or longer than 4 octets, or the message would be longer than `maxBytes`: the connection should then close.
 */
export function messageLength(buf: Buffer, maxBytes: number): number | null {
  if (buf.length === 0) return null;
  if (buf[0] !== 0x30) throw new BerError(`An LDAPMessage must start with a SEQUENCE tag (0x30), not 0x${buf[0].toString(16).padStart(2, '0')}.`);
  if (buf.length < 2) return null;
  const first = buf[1];
  let total: number;
  if (first < 0x80) {
    total = 2 + first;
  } else {
    const octets = first & 0x7f;
    if (octets === 0) throw new BerError('Indefinite lengths are not allowed.');
    if (octets > 4) throw new BerError(`A length of ${octets} octets is too long.`);
    if (buf.length < 2 + octets) return null;
    let len = 0;
    for (let i = 0; i < octets; i++) len = len * 256 + buf[2 + i];
    total = 2 + octets + len;
  }
  if (total > maxBytes) throw new BerError(`The message is ${total} bytes long, more than the limit of ${maxBytes}.`);
  return buf.length >= total ? total : null;
}
