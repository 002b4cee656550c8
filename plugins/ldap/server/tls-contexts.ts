import { createSecureContext, type SecureContext } from 'node:tls';
import { readKeyPair, type LdapConfig } from '../config.ts';
import type { LdapProvider } from '../directory/served-providers.ts';
import { selfSignedCertificate } from './self-signed.ts';

/**
 * Which certificate a TLS handshake gets: the provider whose `tls_server_name` is the client's SNI name; else the
 * only certificate any provider has; else (none, or several and no name matched) the first provider's with one;
 * else a self-signed certificate made once at start.
 */
export class TlsContexts {
  readonly #fallback: SecureContext;
  #byName = new Map<string, SecureContext>();
  #first: SecureContext | null = null;

  constructor(hostName: string) {
    const { cert, key } = selfSignedCertificate(['localhost', hostName].filter((h, i, all) => h && all.indexOf(h) === i));
    this.#fallback = createSecureContext({ cert, key, minVersion: 'TLSv1.2' });
  }

  update(providers: readonly LdapProvider[]): void {
    const byName = new Map<string, SecureContext>();
    let first: SecureContext | null = null;
    for (const p of providers) {
      const config: LdapConfig = p.served.config;
      if (!config.certificate) continue;
      const pair = readKeyPair(config.certificate);
      if ('error' in pair) continue;
      const context = createSecureContext({ cert: pair.cert, key: pair.key, minVersion: 'TLSv1.2' });
      first ??= context;
      if (config.tls_server_name) byName.set(config.tls_server_name.toLowerCase(), context);
    }
    this.#byName = byName;
    this.#first = first;
  }

  /** The context for a connection before SNI is known. */
  get default(): SecureContext {
    return this.#first ?? this.#fallback;
  }

  readonly sni = (name: string, cb: (err: Error | null, ctx?: SecureContext) => void): void => {
    cb(null, this.#byName.get(name.toLowerCase()) ?? this.default);
  };
}
