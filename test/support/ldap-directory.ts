import type { Client, Entry, SearchOptions } from 'ldapts';
import type { Client as Api } from './platform.ts';
import { ldapClient, ldapUrl, makeLdapProvider, makeUser, retry, type LdapAddresses } from './ldap.ts';

export const BASE = 'dc=ldap,dc=goauthentik,dc=io';
export const userDN = (username: string, base = BASE) => `cn=${username},ou=users,${base}`;
export const groupDN = (name: string, base = BASE) => `cn=${name},ou=groups,${base}`;
export const virtualDN = (username: string, base = BASE) => `cn=${username},ou=virtual-groups,${base}`;
export const password = (username: string) => `${username}-password-1`;

export type Attrs = Record<string, string[]>;

/** An ldapts entry's attributes as value lists, without `dn` and without the empty lists ldapts adds for requested attributes the entry lacks. */
export function attrsOf(entry: Entry): Attrs {
  const out: Attrs = {};
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn') continue;
    const list = (Array.isArray(value) ? value : [value]).map(String);
    if (list.length) out[name] = list;
  }
  return out;
}

/** The attribute names of a typesOnly entry (ldapts gives each an empty list). */
export const typesOf = (entry: Entry) => Object.keys(entry).filter((k) => k !== 'dn');

export interface GroupInfo {
  pk: string;
  num_pk: number;
  name: string;
}

export async function makeGroup(admin: Api, name: string, extra: Record<string, unknown> = {}): Promise<GroupInfo> {
  const created = await admin.post('/core/groups/', { name, ...extra });
  if (created.status !== 201) throw new Error(`creating group ${name}: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** Clients opened by a test file, to unbind at its end. */
export class Clients {
  readonly #open: Client[] = [];
  readonly #url: () => string;

  constructor(addresses: () => LdapAddresses) {
    this.#url = () => ldapUrl(addresses());
  }

  connect(): Client {
    const c = ldapClient(this.#url());
    this.#open.push(c);
    return c;
  }

  async as(dn: string, secret: string): Promise<Client> {
    const c = this.connect();
    await c.bind(dn, secret);
    return c;
  }

  async close(): Promise<void> {
    await Promise.all(this.#open.splice(0).map((c) => c.unbind().catch(() => undefined)));
  }
}

/** The DNs a search returns, in order. */
export async function dnsOf(client: Client, base: string, options: SearchOptions): Promise<string[]> {
  return (await client.search(base, options)).searchEntries.map((e) => e.dn);
}

/**
 * The directory most tests read: a search group with `searcher` in it, the LDAP provider serving `base` with that
 * search group, alice (custom attributes), bob (a uidNumber attribute), group Staff (alice, bob) and group
 * Posix Ops (bob, a gidNumber attribute). Waits until searcher can bind and bob shows in Posix Ops.
 */
export async function standardDirectory(admin: Api, clients: Clients, base = BASE, name = 'Search LDAP') {
  const searchers = await makeGroup(admin, `${name} searchers`);
  const provider = await makeLdapProvider(admin, name, { base_dn: base, search_group: searchers.pk });
  const searcher = await makeUser(admin, 'searcher', password('searcher'), { name: 'Search Account', groups: [searchers.pk] });
  const alice = await makeUser(admin, 'alice', password('alice'), {
    name: 'Alice Liddell', email: 'alice@example.com', attributes: { 'goauthentik.io/user/service-account': true, department: 'R&D' },
  });
  const bob = await makeUser(admin, 'bob', password('bob'), { name: 'Bob Builder', email: 'Bob@Example.org', attributes: { uidNumber: '5000' } });
  const staff = await makeGroup(admin, 'Staff', { users: [alice, bob] });
  const ops = await makeGroup(admin, 'Posix Ops', { users: [bob], attributes: { gidNumber: 7000 } });
  await retry(async () => {
    const c = await clients.as(userDN('searcher', base), password('searcher'));
    const found = await dnsOf(c, userDN('bob', base), { scope: 'base', filter: `(memberOf=${groupDN('Posix Ops', base)})`, attributes: ['1.1'] });
    if (found.length !== 1) throw new Error('bob is not served yet');
  });
  return { provider, searchers, searcher, alice, bob, staff, ops };
}

export type StandardDirectory = Awaited<ReturnType<typeof standardDirectory>>;

export interface LdifRecord {
  dn: string;
  attrs: Attrs;
}

/** Entries and the result of ldapsearch's LDIF output (`-o ldif-wrap=no` or wrapped; base64 values decoded). */
export function parseLdif(text: string): { entries: LdifRecord[]; result: number | null; matchedDN: string | null } {
  const lines = text.split('\n').reduce<string[]>((out, line) => {
    if (line.startsWith(' ') && out.length) out[out.length - 1] += line.slice(1);
    else out.push(line);
    return out;
  }, []);
  const entries: LdifRecord[] = [];
  let result: number | null = null;
  let matchedDN: string | null = null;
  let current: LdifRecord | null = null;
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) {
      current = null;
      continue;
    }
    const m = /^([^:]+)(::?) ?(.*)$/.exec(line);
    if (!m) throw new Error(`not LDIF: ${line}`);
    const value = m[2] === '::' ? Buffer.from(m[3], 'base64').toString('utf8') : m[3];
    if (m[1] === 'dn') {
      current = { dn: value, attrs: {} };
      entries.push(current);
    } else if (current) (current.attrs[m[1]] ??= []).push(value);
    else if (m[1] === 'result') result = Number.parseInt(value, 10);
    else if (m[1] === 'matchedDN') matchedDN = value;
  }
  return { entries, result, matchedDN };
}
