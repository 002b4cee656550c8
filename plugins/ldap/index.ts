import { readFileSync } from 'node:fs';
import { definePlugin, defineProviderType, defineServerType, type JsonSchema } from '../sdk/index.ts';
import { checkConfig, type LdapConfig } from './config.ts';
import { LdapServer } from './server/ldap-server.ts';

const configSchema: JsonSchema = JSON.parse(readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8'));

/**
 * The built-in LDAP plugin: the `ldap` provider type (a base DN, a search group, TLS and numbering settings), served
 * by the `ldap` server: LDAPv3 with StartTLS on one port and LDAPS on another, for every LDAP provider at once.
 */
export default definePlugin({
  id: 'ldap',
  version: '1.0.0',
  sdk: '^1.2.0',
  description: "Serves the platform's users and groups over LDAPv3 (StartTLS and LDAPS), as authentik's LDAP provider does.",
  providers: [
    defineProviderType<LdapConfig>({
      id: 'ldap',
      name: 'LDAP',
      description: 'Users and groups under a base DN over LDAP: bind with the platform password (and a TOTP code), POSIX accounts and groups.',
      configSchema,
      checkConfig,
    }),
  ],
  servers: [
    defineServerType<LdapConfig>({
      id: 'ldap',
      providerType: 'ldap',
      description: 'LDAP on IDP_LDAP_PORT (3389, with StartTLS) and LDAPS on IDP_LDAPS_PORT (6636), at IDP_LDAP_HOST.',
      hostEnv: 'IDP_LDAP_HOST',
      ports: { ldap: { env: 'IDP_LDAP_PORT', default: 3389 }, ldaps: { env: 'IDP_LDAPS_PORT', default: 6636 } },
      create: (ctx) => new LdapServer(ctx),
    }),
  ],
});
