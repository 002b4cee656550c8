import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateSecret, hotp, matchStep, otpauthUrl, timeStep, totpCode, TOTP_DEFAULTS, type TotpAlgorithm } from '../services/users/totp.ts';

/** RFC 6238 Appendix B: the seed of each mode is the ASCII digits 1234567890 repeated to the hash's length. */
const SEEDS: Record<TotpAlgorithm, string> = {
  sha1: '12345678901234567890',
  sha256: '12345678901234567890123456789012',
  sha512: '1234567890123456789012345678901234567890123456789012345678901234',
};

const APPENDIX_B: [number, TotpAlgorithm, string][] = [
  [59, 'sha1', '94287082'], [59, 'sha256', '46119246'], [59, 'sha512', '90693936'],
  [1111111109, 'sha1', '07081804'], [1111111109, 'sha256', '68084774'], [1111111109, 'sha512', '25091201'],
  [1111111111, 'sha1', '14050471'], [1111111111, 'sha256', '67062674'], [1111111111, 'sha512', '99943326'],
  [1234567890, 'sha1', '89005924'], [1234567890, 'sha256', '91819424'], [1234567890, 'sha512', '93441116'],
  [2000000000, 'sha1', '69279037'], [2000000000, 'sha256', '90698825'], [2000000000, 'sha512', '38618901'],
  [20000000000, 'sha1', '65353130'], [20000000000, 'sha256', '77737706'], [20000000000, 'sha512', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(APPENDIX_B)('gives the Appendix B code at %i s with %s', (seconds, algorithm, expected) => {
    const secret = base32Encode(Buffer.from(SEEDS[algorithm]));
    expect(totpCode(secret, seconds * 1000, { digits: 8, period: 30, algorithm })).toBe(expected);
  });

  it('gives the RFC 4226 Appendix D HOTP values with 6 digits', () => {
    const key = Buffer.from(SEEDS.sha1);
    const codes = Array.from({ length: 10 }, (_, counter) => hotp(key, counter, 6));
    expect(codes).toEqual(['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']);
  });

  it('encodes and decodes base32 as RFC 4648 section 10 does', () => {
    const vectors = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(plain);
    }
    expect(base32Decode('mzxw6ytboi======').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow(/base32/);
  });

  it('makes 160-bit secrets', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateSecret()).not.toBe(secret);
  });
});

describe('matching a code', () => {
  const secret = generateSecret();
  const now = 1_800_000_015_000;
  const step = timeStep(now, 30);
  const codeAt = (s: number) => hotp(base32Decode(secret), s, 6);
  const match = (code: string, afterStep: number | null = null) => matchStep(secret, code, now, { ...TOTP_DEFAULTS, window: 1, afterStep });

  it('accepts the current step and one step either side, and says which', () => {
    expect(match(codeAt(step))).toBe(step);
    expect(match(codeAt(step - 1))).toBe(step - 1);
    expect(match(codeAt(step + 1))).toBe(step + 1);
    expect(match(totpCode(secret, now))).toBe(step);
  });

  it('refuses codes two steps away', () => {
    for (const s of [step - 2, step + 2]) {
      if ([step - 1, step, step + 1].some((near) => codeAt(near) === codeAt(s))) continue;
      expect(match(codeAt(s))).toBeNull();
    }
  });

  it('refuses a step at or before the last one accepted', () => {
    expect(match(codeAt(step), step)).toBeNull();
    expect(match(codeAt(step - 1), step - 1)).toBeNull();
    expect(match(codeAt(step + 1), step)).toBe(step + 1);
  });

  it('refuses codes of the wrong length or form', () => {
    const code = codeAt(step);
    for (const wrong of [code.slice(1), `${code}0`, '', 'abcdef', `${code.slice(0, 5)}é`]) expect(match(wrong)).toBeNull();
  });
});

describe('otpauth URL', () => {
  it('follows the Key Uri Format with issuer, digits, period and algorithm', () => {
    expect(otpauthUrl('idp-core', 'alice', 'JBSWY3DPEHPK3PXP')).toBe('otpauth://totp/idp-core:alice?secret=JBSWY3DPEHPK3PXP&issuer=idp-core&digits=6&period=30&algorithm=SHA1');
  });

  it('escapes the label and the query', () => {
    const url = otpauthUrl('ACME Corp', 'bob smith@example.com', 'JBSWY3DPEHPK3PXP');
    expect(url.startsWith('otpauth://totp/ACME%20Corp:bob%20smith%40example.com?')).toBe(true);
    const query = new URL(url).searchParams;
    expect(Object.fromEntries(query)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'ACME Corp', digits: '6', period: '30', algorithm: 'SHA1' });
    expect(url).not.toContain('+');
  });
});
