import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

export interface ScimmyTarget {
  /** Base URL of the SCIM API, without a trailing slash. */
  url: string;
  users(): Promise<any[]>;
  groups(): Promise<any[]>;
  requests: { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
}

type Stored = Record<string, any> & { id: string };
/** One target's data, handed to SCIMMY's (process-wide) handlers as their context. */
type Store = { Users: Map<string, Stored>; Groups: Map<string, Stored> };
type Handled = { id?: string; filter?: { match(values: Stored[]): Stored[] } };
interface Declarable {
  ingress(handler: (res: Handled, instance: object, ctx: Store) => Stored): Declarable;
  egress(handler: (res: Handled, ctx: Store) => Stored | Stored[]): Declarable;
  degress(handler: (res: Handled, ctx: Store) => void): Declarable;
}

const BULK_LIMITS = { maxOperations: 1000, maxPayloadSize: 1_048_576 };
const notFound = (id: string) => new SCIMMY.Types.Error(404, null as never, `Resource ${id} not found`);
const uniqueMembers = (members: { value: string }[] | undefined) => members && [...new Map(members.map((m) => [m.value, m])).values()];

/** SCIMMY's handlers over the requesting target's store: ids assigned here, uniqueness of the name attribute enforced. */
function declare(resource: unknown, kind: keyof Store, unique: string): void {
  (resource as Declarable)
    .ingress((res, instance, ctx) => {
      const store = ctx[kind];
      if (res.id && !store.has(res.id)) throw notFound(res.id);
      const data = JSON.parse(JSON.stringify(instance)) as Record<string, any>;
      for (const r of store.values()) if (r.id !== res.id && r[unique] === data[unique]) throw new SCIMMY.Types.Error(409, 'uniqueness', `${unique} ${data[unique]} is taken`);
      const stored: Stored = { ...data, id: res.id ?? randomUUID() };
      delete stored.meta;
      if (kind === 'Groups') stored.members = uniqueMembers(stored.members);
      store.set(stored.id, stored);
      return stored;
    })
    .egress((res, ctx) => {
      const store = ctx[kind];
      if (res.id) return store.get(res.id) ?? (() => { throw notFound(res.id!); })();
      const all = [...store.values()];
      return res.filter ? res.filter.match(all) : all;
    })
    .degress((res, ctx) => {
      if (!ctx[kind].delete(res.id!)) throw notFound(res.id!);
      if (kind === 'Users') for (const g of ctx.Groups.values()) g.members = g.members?.filter((m: { value: string }) => m.value !== res.id);
    });
}

let declared = false;
function declareResources(): void {
  if (declared) return;
  declared = true;
  declare(SCIMMY.Resources.User, 'Users', 'userName');
  declare(SCIMMY.Resources.Group, 'Groups', 'displayName');
  SCIMMY.Resources.declare(SCIMMY.Resources.User);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group);
}

/**
 * SCIMMY's configuration and resource base paths are process-wide and read while a request is handled, so requests to
 * all targets of the process take turns: each applies its target's configuration, then runs alone until its response
 * closes, whatever SCIMMY awaits on the way.
 */
let turn: Promise<void> = Promise.resolve();
function takeTurns(configure: () => void) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const previous = turn;
    turn = new Promise<void>((release) => res.once('close', () => release()));
    void previous.then(() => {
      configure();
      next();
    });
  };
}

const scimError = (res: Response, status: number, detail: string) => res.status(status).type('application/scim+json').send(JSON.stringify(new SCIMMY.Messages.Error({ status, detail } as never)));

/**
 * A SCIM 2.0 server made by others: SCIMMY's resources and scimmy-routers (express) over an in-memory store per target,
 * with bearer auth, filters, PATCH and /Bulk as configured (both on by default). Several targets may run in one
 * process: each has its own store, token and flags.
 */
export async function startScimmyTarget(opts: { token?: string; bulk?: boolean; patch?: boolean } = {}): Promise<ScimmyTarget> {
  const token = opts.token ?? 'scimmy-secret';
  const flags = { patch: opts.patch ?? true, bulk: opts.bulk ?? true };
  const store: Store = { Users: new Map(), Groups: new Map() };
  const requests: ScimmyTarget['requests'] = [];
  let origin = '';
  declareResources();

  const routers = new SCIMMYRouters({
    type: 'bearer',
    docUri: 'https://example.org/scim-auth',
    handler: (req) => {
      if (req.header('authorization') !== `Bearer ${token}`) throw new Error('Authorization not detected!');
      return 'provisioner';
    },
    context: () => store,
    baseUri: () => origin,
  });
  // Each router's construction adds its scheme again; keep one.
  const scheme = structuredClone({ ...SCIMMY.Config.get().authenticationSchemes.at(-1) });
  SCIMMY.Config.set({ authenticationSchemes: [] });
  SCIMMY.Config.set({ authenticationSchemes: [scheme] });

  const app = express();
  app.use(
    '/scim/v2',
    express.json({ type: ['application/scim+json', 'application/json'], limit: '16mb' }),
    (req, _res, next) => {
      requests.push({ method: req.method, path: req.path, body: req.body });
      // Express 5 parses req.query anew on every read, which loses scimmy-routers' casting of startIndex and count to
      // numbers (SCIMMY then ignores them and pages by 20): keep one parsed copy.
      Object.defineProperty(req, 'query', { value: req.query, writable: true });
      next();
    },
    takeTurns(() => SCIMMY.Config.set({ patch: flags.patch, filter: 200, bulk: { ...BULK_LIMITS, supported: flags.bulk } })),
    (req, res, next) => (req.method === 'PATCH' && !flags.patch ? scimError(res, 501, 'PATCH is not supported') : next()),
    routers,
  );
  app.use((err: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => scimError(res, err.status ?? 500, err.message ?? 'error'));

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/scim/v2`,
    users: async () => [...store.Users.values()].map((u) => structuredClone(u)),
    groups: async () => [...store.Groups.values()].map((g) => structuredClone(g)),
    requests,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
