import { readFileSync } from 'node:fs';
import { definePlugin, defineProviderType, defineServerType, type JsonSchema } from '../sdk/index.ts';
import { checkConfig, prepareConfig, type OAuth2Config } from './config.ts';
import { oauth2Errors } from './errors.ts';
import { OAuth2Server } from './oauth2-server.ts';
import { scopeMappingType } from './scope-mappings.ts';

const configSchema: JsonSchema = JSON.parse(readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8'));

/**
 * The built-in OAuth2 plugin: the `oauth2` provider type (one client per provider), served by the `oauth2` server
 * as an OpenID Connect issuer per application at `/application/o/<slug>/`, on panva's oidc-provider.
 */
export default definePlugin({
  id: 'oauth2',
  version: '1.0.0',
  sdk: '^1.3.0',
  description: 'OAuth 2.0 and OpenID Connect for applications: authorization code with PKCE, refresh tokens, client credentials, a sign-in page.',
  errors: oauth2Errors.catalogue,
  mappings: [scopeMappingType],
  providers: [
    defineProviderType<OAuth2Config>({
      id: 'oauth2',
      name: 'OAuth2/OpenID Connect',
      description: 'An OpenID Connect issuer for one client at /application/o/<application slug>/, signing users in with the platform password (and a TOTP code).',
      configSchema,
      checkConfig,
      prepareConfig,
    }),
  ],
  servers: [
    defineServerType<OAuth2Config>({
      id: 'oauth2',
      providerType: 'oauth2',
      description: 'OpenID Connect under the gateway at /application/o/<slug>/ (discovery, authorize, token, userinfo, introspection, revocation, end-session, JWKS).',
      hostEnv: 'IDP_OAUTH2_HOST',
      ports: {},
      mount: '/application/o',
      directory: false,
      create: (ctx) => new OAuth2Server(ctx),
    }),
  ],
});
