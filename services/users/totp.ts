import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** HMAC algorithms RFC 6238 allows. */
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** How a device computes codes. */
export interface TotpParams {
  digits: number;
  period: number;
  algorithm: TotpAlgorithm;
}

/** What authenticator apps expect: 6 digits every 30 seconds with HMAC-SHA1. */
export const TOTP_DEFAULTS: TotpParams = { digits: 6, period: 30, algorithm: 'sha1' };

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as otpauth URLs carry secrets. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes RFC 4648 base32 (case-insensitive, padding optional); throws on any other character. */
export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.toUpperCase().replace(/=+$/, '')) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not a base32 character: ${JSON.stringify(char)}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new shared secret: 20 random bytes (the HMAC-SHA1 block RFC 4226 recommends), base32. */
export function generateSecret(): string {
  return base32Encode(randomBytes(20));
}

/** RFC 4226 HOTP: the code for one counter value, zero-padded to `digits`. */
export function hotp(key: Buffer, counter: number, digits: number, algorithm: TotpAlgorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step of a moment (milliseconds since the epoch). */
export function timeStep(nowMs: number, period: number): number {
  return Math.floor(nowMs / 1000 / period);
}

/** The TOTP code of a base32 secret at a moment. */
export function totpCode(secret: string, nowMs: number, params: TotpParams = TOTP_DEFAULTS): string {
  return hotp(base32Decode(secret), timeStep(nowMs, params.period), params.digits, params.algorithm);
}

/**
 * The time step a code belongs to, within `window` steps either side of now and after `afterStep` (the last step
 * accepted, so a code is not accepted twice); null when none matches. Compares in constant time.
 */
export function matchStep(secret: string, code: string, nowMs: number, opts: TotpParams & { window?: number; afterStep?: number | null }): number | null {
  const given = Buffer.from(code);
  if (given.length !== opts.digits) return null;
  const key = base32Decode(secret);
  const current = timeStep(nowMs, opts.period);
  const window = opts.window ?? 1;
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0 || (opts.afterStep != null && step <= opts.afterStep)) continue;
    if (timingSafeEqual(Buffer.from(hotp(key, step, opts.digits, opts.algorithm)), given)) return step;
  }
  return null;
}

/** The `otpauth://totp/` URL authenticator apps read from a QR code (Key Uri Format). */
export function otpauthUrl(issuer: string, account: string, secret: string, params: TotpParams = TOTP_DEFAULTS): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({ secret, issuer, digits: String(params.digits), period: String(params.period), algorithm: params.algorithm.toUpperCase() });
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}
