import type { Labels, Logger, Metrics, ProviderContext } from './context.ts';
import type { Directory, DirectoryGroup, DirectoryUser, PropertyMapping } from './directory.ts';
import type { Link, LinksStore, ObjectKind } from './links.ts';

/** What a test context recorded: links, log lines and metric updates. */
export interface TestContextRecord {
  links: Map<string, Link>;
  logs: { level: string; msg: string }[];
  metrics: { name: string; labels: Labels; value: number }[];
}

/**
 * A provider context backed by memory, for a plugin's own tests and the conformance suite: a directory over the
 * given users, groups and mappings, a links store in a Map, and a logger and metrics that record what they get.
 */
export function createTestContext<Config>(config: Config, data: { users?: DirectoryUser[]; groups?: DirectoryGroup[]; mappings?: PropertyMapping[] } = {}): { ctx: ProviderContext<Config>; record: TestContextRecord; abort(): void } {
  const users = data.users ?? [];
  const groups = data.groups ?? [];
  const record: TestContextRecord = { links: new Map(), logs: [], metrics: [] };
  const key = (kind: ObjectKind, id: string) => `${kind}:${id}`;
  const below = (pk: string): string[] => [pk, ...groups.filter((g) => g.parent === pk).flatMap((g) => below(g.pk))];
  const directory: Directory = {
    users: async (pks) => users.filter((u) => pks.includes(u.pk)),
    userTypes: async (pks) => users.filter((u) => pks.includes(u.pk)).map((u) => ({ pk: u.pk, type: u.type })),
    groups: async (pks) => groups.filter((g) => pks.includes(g.pk)),
    descendants: async (pk) => below(pk),
    deepMembers: async (pk, among) => new Set(groups.filter((g) => below(pk).includes(g.pk)).flatMap((g) => g.members).filter((u) => !among || among.includes(u))),
    mappings: async (pks, type) => (data.mappings ?? []).filter((m) => pks.includes(m.pk) && (type === undefined || m.type === type)).sort((a, b) => a.name.localeCompare(b.name)),
  };
  const links: LinksStore = {
    get: async (kind, ids) => new Map(ids.flatMap((id) => { const l = record.links.get(key(kind, id)); return l ? [[id, l] as const] : []; })),
    remoteIds: async (kind, ids) => new Map(ids.flatMap((id) => { const r = record.links.get(key(kind, id))?.remoteId; return r ? [[id, r] as const] : []; })),
    findByRemote: async (kind, remoteId) => [...record.links.values()].find((l) => l.kind === kind && l.remoteId === remoteId) ?? null,
    save: async (list) => { for (const l of list) record.links.set(key(l.kind, l.localId), structuredClone(l)); },
    remove: async (kind, id) => { record.links.delete(key(kind, id)); },
  };
  const log = (level: string) => (msg: string) => { record.logs.push({ level, msg }); };
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const metrics: Metrics = {
    increment: (name, labels = {}, value = 1) => { record.metrics.push({ name, labels, value }); },
    set: (name, labels, value) => { record.metrics.push({ name, labels, value }); },
  };
  const controller = new AbortController();
  return {
    ctx: { id: 1, name: 'test', config, logger, metrics, directory, links, signal: controller.signal, installId: '00000000-0000-4000-8000-000000000000', hostVersion: 'test' },
    record,
    abort: () => controller.abort(),
  };
}
