import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { ADDRESS_THROTTLE, Throttle, USER_THROTTLE, type ServerContext, type ServerInstance } from '../../sdk/index.ts';
import type { LdapConfig } from '../config.ts';
import { rootDSE, subschemaEntry } from '../directory/root-entries.ts';
import type { ServedEntry } from '../directory/served-entry.ts';
import { ServedProviders } from '../directory/served-providers.ts';
import type { LdapContext } from '../ops/context.ts';
import { LdapConnection, type ConnectionLimits } from './connection.ts';
import { TlsContexts } from './tls-contexts.ts';

const LIMITS: ConnectionLimits = { maxMessageBytes: 256 * 1024, idleMs: 15 * 60_000, maxPendingWriteBytes: 4 * 1024 * 1024 };
const MAX_CONNECTIONS = 10_000;
/** How long an LDAPS client may take to finish its TLS handshake. */
const HANDSHAKE_MS = 30_000;

/**
 * The LDAP listener of every LDAP provider: plain LDAP (with StartTLS) and LDAPS on their own ports, answering from
 * the live directory. The schema entry is rebuilt only after the directory changed.
 */
export class LdapServer implements ServerInstance {
  readonly #ctx: ServerContext<LdapConfig>;
  readonly #providers: ServedProviders;
  readonly #tls: TlsContexts;
  readonly #connections = new Set<LdapConnection>();
  readonly #servers: Server[] = [];
  #subschema: ServedEntry | null = null;
  #dse: ServedEntry | null = null;

  constructor(ctx: ServerContext<LdapConfig>) {
    this.#ctx = ctx;
    this.#providers = new ServedProviders(ctx.directory, ctx.logger);
    this.#tls = new TlsContexts(ctx.listen.host);
    ctx.directory.onChange(() => { this.#subschema = null; });
    ctx.onProvidersChanged(() => this.#refresh());
    this.#refresh();
  }

  async start(): Promise<{ addresses: Record<string, { host: string; port: number }> }> {
    const ldap: LdapContext = {
      providers: this.#providers, identity: this.#ctx.identity, logger: this.#ctx.logger, metrics: this.#ctx.metrics,
      userThrottle: new Throttle(USER_THROTTLE), addressThrottle: new Throttle(ADDRESS_THROTTLE),
      rootDSE: () => (this.#dse ??= rootDSE(this.#providers.all(), this.#ctx.hostVersion)),
      subschema: () => (this.#subschema ??= subschemaEntry(this.#providers.all())),
    };
    const tls = () => ({ context: this.#tls.default, sni: this.#tls.sni });
    const accept = (secure: boolean) => (socket: Socket) => {
      const connection = new LdapConnection(socket, ldap, LIMITS, tls, secure);
      this.#connections.add(connection);
      this.#ctx.metrics.set('connections', {}, this.#connections.size);
      socket.on('close', () => {
        this.#connections.delete(connection);
        this.#ctx.metrics.set('connections', {}, this.#connections.size);
      });
    };
    const plain = createServer({ noDelay: true }, accept(false));
    // LDAPS wraps each socket as StartTLS does: a tls.Server would only consult SNICallback, so a client sending no
    // SNI (any client of an IP address) would get no certificate; this way it gets the current default one.
    const secure = createServer({ noDelay: true }, (raw) => {
      const { context, sni } = tls();
      const socket = new TLSSocket(raw, { isServer: true, secureContext: context, SNICallback: sni });
      const handshake = setTimeout(() => socket.destroy(), HANDSHAKE_MS);
      socket.once('secure', () => clearTimeout(handshake));
      socket.once('close', () => clearTimeout(handshake));
      accept(true)(socket);
    });
    const addresses: Record<string, { host: string; port: number }> = {};
    for (const [name, server] of [['ldap', plain], ['ldaps', secure]] as const) {
      server.maxConnections = MAX_CONNECTIONS;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.#ctx.listen.ports[name], this.#ctx.listen.host, () => resolve());
      });
      this.#servers.push(server);
      const address = server.address() as AddressInfo;
      addresses[name] = { host: address.address, port: address.port };
      this.#ctx.logger.info(`LDAP${name === 'ldaps' ? 'S' : ''} listening on ${address.address}:${address.port}`);
    }
    return { addresses };
  }

  async stop(): Promise<void> {
    for (const c of this.#connections) c.close();
    await Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  #refresh(): void {
    this.#providers.update(this.#ctx.providers());
    this.#tls.update(this.#providers.all());
    this.#dse = null;
    this.#subschema = null;
  }
}
