import { client, origin } from '../../test/support/http.ts';
import { makeUser } from '../../test/support/ldap.ts';
import { makeOAuth2App } from '../../test/support/oidc.ts';
import { ADMIN_TOKEN, startTestPlatform } from '../../test/support/platform.ts';
import type { Target } from './operations.ts';

/**
 * Ours: the whole platform in this process on a fresh PostgreSQL database (dropped by `stop`); through the REST API
 * an oauth2 provider (confidential client, consent implicit, client_credentials on, the other settings default)
 * bound to an application (makeOAuth2App waits until the issuer answers), and the users with their password. Every
 * request of the benchmark then goes through the gateway over HTTP.
 */
export async function startOurs(usernames: string[], password: string): Promise<{ target: Target; database: string; stop(): Promise<void> }> {
  const platform = await startTestPlatform();
  try {
    const admin = client(platform.baseUrl, ADMIN_TOKEN);
    const app = await makeOAuth2App(admin, origin(platform.baseUrl), 'Bench OAuth2', { consent: 'implicit', client_credentials: true });
    for (const username of usernames) await makeUser(admin, username, password, { name: `Bench ${username}`, email: `${username}@example.org` });
    return {
      target: { issuer: app.issuer, clientId: app.clientId, clientSecret: app.clientSecret!, usernames, password },
      database: new URL(platform.databaseUrl).pathname.slice(1),
      stop: () => platform.close(),
    };
  } catch (err) {
    await platform.close();
    throw err;
  }
}
