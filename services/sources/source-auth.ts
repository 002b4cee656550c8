import type { EntityManager } from '@mikro-orm/sql';
import { hashKey } from '../kernel/secrets.ts';
import { userForKey } from '../users/token.repository.ts';

const FRESH_MS = 1000;
const MAX_ENTRIES = 10_000;

/** The active user behind a token. */
export interface TokenUser {
  pk: number;
  username: string;
  email: string;
}

/**
 * Which user a bearer token belongs to, remembered for a second by the key's hash (never the key), so a busy
 * source does not look its token up for every request. Rotating a source's token or changing the source clears it
 * in every `sources` process at once; a token revoked another way (deleted, its account deactivated) stops working
 * within that second.
 */
export class TokenCache {
  readonly #seen = new Map<string, { user: Promise<TokenUser | null>; at: number }>();

  /** The token's user; requests with the same token that arrive while it is being looked up share the look-up. */
  user(em: () => EntityManager, key: string): Promise<TokenUser | null> {
    const hash = hashKey(key);
    const hit = this.#seen.get(hash);
    if (hit && Date.now() - hit.at < FRESH_MS) return hit.user;
    const user = userForKey(em(), key).then((found) => (found ? { pk: found.pk, username: found.username, email: found.email } : null));
    if (this.#seen.size >= MAX_ENTRIES) this.#seen.clear();
    const entry = { user, at: Date.now() };
    this.#seen.set(hash, entry);
    user.catch(() => {
      if (this.#seen.get(hash) === entry) this.#seen.delete(hash);
    });
    return user;
  }

  clear(): void {
    this.#seen.clear();
  }
}

/** The bearer token of an Authorization header, if it has one. */
export function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : null;
}
