/**
 * The peer: SCIMMY's User and Group resources behind scimmy-routers (express), run as a child process, over an
 * in-memory store seeded like the platform's source (same users, the mix's groups and their random memberships; not
 * the big and small group, which the mix leaves alone). The store indexes userName and displayName, so lookups by
 * `userName eq` and uniqueness checks do not scan it (SCIMMY still matches the filter against what the index finds).
 * Takes `{ token, users, groups, memberships, sample }` over IPC and answers with its port and a Fixture.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import type { Fixture } from './workload.ts';

type Stored = Record<string, any> & { id: string };
type Matcher = { match(values: Stored[]): Stored[] } & Record<string, unknown>[];
type Handled = { id?: string; filter?: Matcher };
interface Declarable {
  ingress(handler: (res: Handled, instance: object) => Stored): Declarable;
  egress(handler: (res: Handled) => Stored | Stored[]): Declarable;
}

/** Objects by id, and ids by their unique attribute (lower-cased). */
class Table {
  readonly rows = new Map<string, Stored>();
  readonly byName = new Map<string, string>();
  readonly unique: string;

  constructor(unique: string) {
    this.unique = unique;
  }

  put(row: Stored): void {
    const previous = this.rows.get(row.id);
    if (previous) this.byName.delete(String(previous[this.unique]).toLowerCase());
    this.rows.set(row.id, row);
    this.byName.set(String(row[this.unique]).toLowerCase(), row.id);
  }

  /** The rows a filter `<unique> eq "…"` alone can match, found by the index; undefined for any other filter. */
  indexed(filter: Matcher | undefined): Stored[] | undefined {
    const only = filter?.length === 1 ? filter[0] : undefined;
    const condition = only && Object.keys(only).length === 1 ? only[this.unique] : undefined;
    if (!Array.isArray(condition) || condition[0] !== 'eq' || typeof condition[1] !== 'string') return undefined;
    const id = this.byName.get(condition[1].toLowerCase());
    return id ? [this.rows.get(id)!] : [];
  }
}

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const notFound = (id: string) => new SCIMMY.Types.Error(404, null as never, `Resource ${id} not found`);

function declare(resource: unknown, table: Table): void {
  (resource as Declarable)
    .ingress((res, instance) => {
      if (res.id && !table.rows.has(res.id)) throw notFound(res.id);
      const data = JSON.parse(JSON.stringify(instance)) as Record<string, any>;
      const holder = table.byName.get(String(data[table.unique]).toLowerCase());
      if (holder !== undefined && holder !== res.id) throw new SCIMMY.Types.Error(409, 'uniqueness', `${table.unique} ${data[table.unique]} is taken`);
      const stored: Stored = { ...data, id: res.id ?? randomUUID() };
      delete stored.meta;
      table.put(stored);
      return stored;
    })
    .egress((res) => {
      if (res.id) return table.rows.get(res.id) ?? (() => { throw notFound(res.id!); })();
      const candidates = table.indexed(res.filter) ?? [...table.rows.values()];
      return res.filter ? res.filter.match(candidates) : candidates;
    });
}

function seed(users: Table, groups: Table, counts: { users: number; groups: number; memberships: number }): void {
  const ids: string[] = [];
  for (let i = 1; i <= counts.users; i++) {
    const id = randomUUID();
    ids.push(id);
    users.put({
      schemas: [USER], id, externalId: `ext-bench-${i}`, userName: `bench-${i}`, displayName: `Bench User ${i}`,
      name: { givenName: 'Bench', familyName: `User ${i}`, formatted: `Bench User ${i}` },
      emails: [{ value: `bench${i}@example.org`, type: 'work', primary: true }], active: true,
    });
  }
  const members: Map<string, { value: string; display: string }>[] = [];
  for (let i = 1; i <= counts.groups; i++) {
    members.push(new Map());
    groups.put({ schemas: [GROUP], id: randomUUID(), externalId: `ext-bench-group-${i}`, displayName: `bench-group-${i}`, members: [] });
  }
  for (let n = 0; n < counts.memberships; n++) {
    const u = Math.floor(Math.random() * counts.users);
    members[Math.floor(Math.random() * counts.groups)].set(ids[u], { value: ids[u], display: `bench-${u + 1}` });
  }
  [...groups.rows.values()].forEach((g, i) => { g.members = [...members[i].values()]; });
}

function sampleOf<T>(all: T[], n: number): T[] {
  return Array.from({ length: Math.min(n, all.length) }, () => all[Math.floor(Math.random() * all.length)]);
}

process.once('message', ({ token, sample, ...counts }: { token: string; users: number; groups: number; memberships: number; sample: number }) => {
  const users = new Table('userName');
  const groups = new Table('displayName');
  const started = performance.now();
  seed(users, groups, counts);
  const seedSeconds = (performance.now() - started) / 1000;
  declare(SCIMMY.Resources.User, users);
  declare(SCIMMY.Resources.Group, groups);
  SCIMMY.Resources.declare(SCIMMY.Resources.User);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group);
  SCIMMY.Config.set({ patch: true, filter: 200 });

  let origin = '';
  const app = express();
  app.use(
    '/scim/v2',
    express.json({ type: ['application/scim+json', 'application/json'], limit: '16mb' }),
    new SCIMMYRouters({
      type: 'bearer',
      docUri: 'https://example.org/scim-auth',
      handler: (req) => {
        if (req.header('authorization') !== `Bearer ${token}`) throw new Error('Authorization not detected!');
        return 'provisioner';
      },
      baseUri: () => origin,
    }),
  );
  app.use((err: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status ?? 500;
    res.status(status).type('application/scim+json').send(JSON.stringify(new SCIMMY.Messages.Error({ status, detail: err.message ?? 'error' } as never)));
  });
  const server = app.listen(0, '127.0.0.1', () => {
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const userRows = [...users.rows.values()];
    const fixture: Fixture = {
      users: sampleOf(userRows, sample).map((u) => ({ id: u.id, userName: u.userName })),
      groups: [...groups.rows.keys()],
      movers: sampleOf(userRows, sample).map((u) => u.id),
    };
    process.send!({ port: (server.address() as AddressInfo).port, fixture, seedSeconds });
  });
});
process.on('disconnect', () => process.exit(0));
