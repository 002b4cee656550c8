import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { origin } from './support/http.ts';
import { makeUser } from './support/ldap.ts';
import { codeFlowTokens, makeOAuth2App, relyingParty } from './support/oidc.ts';
import { usePlatform } from './support/platform.ts';

type Jwk = JsonWebKey & { kid: string };

/** The kid in a JWT's header. */
const kidOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()) as { kid: string }).kid;

/** Whether an RS256 JWT's signature verifies against one of these keys (its expiry aside). */
function verifies(jwt: string, keys: Jwk[]): boolean {
  const [header, payload, signature] = jwt.split('.');
  const key = keys.find((k) => k.kid === kidOf(jwt));
  if (!key) return false;
  return verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey({ key, format: 'jwk' }), Buffer.from(signature, 'base64url'));
}

describe('OAuth2 signing key rotation', () => {
  const ctx = usePlatform();

  it('publishes a new key before it signs, keeps verifying older ID tokens, and drops the oldest key later', { timeout: 150_000 }, async () => {
    const app = await makeOAuth2App(ctx.admin, origin(ctx.platform.baseUrl), 'Rotating Keys', { signing_key_rotation: 'seconds=4', access_token_validity: 'seconds=2' });
    await makeUser(ctx.admin, 'rotation-user', 'rotation-password-1');
    const rp = await relyingParty(app);
    const jwks = async () => ((await (await fetch(rp.serverMetadata().jwks_uri!)).json()) as { keys: Jwk[] }).keys;
    const signedIn = await codeFlowTokens(rp, 'rotation-user', 'rotation-password-1');
    let tokens: { id_token?: string; refresh_token?: string } = signedIn;
    const first = signedIn.id_token!;
    const firstKid = kidOf(first);
    expect(verifies(first, await jwks())).toBe(true);

    // Refresh (each refresh signs a new ID token) until a second key signs, checking every ID token's key was
    // published before the token was asked for, and that the second key was published while the first still signed.
    let secondKid: string | undefined;
    let publishedAhead = false;
    const deadline = Date.now() + 90_000;
    while (!secondKid) {
      expect(Date.now(), 'a second key should sign within 90 s').toBeLessThan(deadline);
      const published = await jwks();
      tokens = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
      const kid = kidOf(tokens.id_token!);
      expect(published.map((k) => k.kid)).toContain(kid);
      expect(verifies(tokens.id_token!, published)).toBe(true);
      if (kid === firstKid) publishedAhead ||= published.some((k) => k.kid !== firstKid);
      else secondKid = kid;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(publishedAhead).toBe(true);

    const afterRotation = await jwks();
    expect(afterRotation.map((k) => k.kid)).toEqual(expect.arrayContaining([firstKid, secondKid]));
    expect(verifies(first, afterRotation)).toBe(true);

    // Two periods on, a third key signs and the first is no longer published; the second still is.
    let current = afterRotation;
    const gone = Date.now() + 90_000;
    while (current.some((k) => k.kid === firstKid)) {
      expect(Date.now(), 'the first key should be dropped within 90 s').toBeLessThan(gone);
      await new Promise((r) => setTimeout(r, 500));
      current = await jwks();
    }
    expect(current.map((k) => k.kid)).toContain(secondKid);
    expect(verifies(first, current)).toBe(false);
    const latest = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
    expect(kidOf(latest.id_token!)).not.toBe(firstKid);
    expect(verifies(latest.id_token!, current)).toBe(true);
  });
});
