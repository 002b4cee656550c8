import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = '$sha256$';

/** A new client secret: 96 URL-safe characters (576 random bits). */
export const newClientSecret = () => randomBytes(72).toString('base64url');

/** A new client id: 40 URL-safe characters. */
export const newClientId = () => randomBytes(30).toString('base64url');

export const isHashedSecret = (value: string) => value.startsWith(PREFIX);

const digest = (salt: string, secret: string) => createHash('sha256').update(salt).update('\0').update(secret).digest('hex');

/**
 * What is kept of a client secret: a salted SHA-256. Secrets are at least 32 characters (generated ones are 96 random
 * ones), so a fast hash is enough and the token endpoint stays fast; the secret itself is never stored.
 */
export function hashClientSecret(secret: string): string {
  const salt = randomBytes(16).toString('hex');
  return `${PREFIX}${salt}$${digest(salt, secret)}`;
}

/** Whether `presented` is the secret behind `stored`, in constant time. */
export function verifyClientSecret(stored: string | undefined, presented: unknown): boolean {
  if (!stored || typeof presented !== 'string' || !isHashedSecret(stored)) return false;
  const [salt, expected] = stored.slice(PREFIX.length).split('$');
  const actual = Buffer.from(digest(salt, presented), 'hex');
  const wanted = Buffer.from(expected ?? '', 'hex');
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}
