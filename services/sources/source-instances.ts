import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Logger, Metrics, SourceInstance, SourceType } from '../../plugins/sdk/index.ts';
import { hostDirectory } from '../providers/directory.ts';
import type { ReadQuery } from './prepared-reads.ts';
import { hostSourceObjects } from './source-objects.ts';

/** What a request needs of a stored source. */
export interface SourceRow {
  pk: number;
  name: string;
  slug: string;
  type: string;
  enabled: boolean;
  config: Record<string, unknown>;
  user_pk: number | null;
  updated: Date;
}

interface Entry {
  row: SourceRow;
  instance: SourceInstance;
  controller: AbortController;
}

export interface SourceInstanceDeps {
  orm: MikroORM;
  installId: string;
  hostVersion: string;
  logger: Logger & { child?(bindings: object): Logger };
  metricsFor(name: string): Metrics;
  /** Runs the objects stores' reads outside transactions (prepared statements on PostgreSQL). */
  readOnly: ReadQuery;
}

const FRESH_MS = 1000;

/**
 * This process's instances of the stored sources, found by slug. A source's row is read again at most once a
 * second, and its instance recreated when the row changed, so every process follows configuration changes.
 */
export class SourceInstances {
  readonly #deps: SourceInstanceDeps;
  readonly #rows = new Map<string, { row: Promise<SourceRow | null>; at: number }>();
  readonly #entries = new Map<number, Entry>();

  constructor(deps: SourceInstanceDeps) {
    this.#deps = deps;
  }

  /** The source with this slug and its running instance; null when no source of this type has the slug. */
  async get(type: SourceType, slug: string): Promise<{ row: SourceRow; instance: SourceInstance } | null> {
    const row = await this.#row(slug);
    if (!row || row.type !== type.id) return null;
    let entry = this.#entries.get(row.pk);
    if (!entry || entry.row.updated.getTime() !== row.updated.getTime()) {
      if (entry) await this.#dispose(entry);
      entry = await this.#create(type, row);
      this.#entries.set(row.pk, entry);
    }
    return { row, instance: entry.instance };
  }

  /** Forgets what this process read of a source, after it wrote it. */
  forget(slug: string): void {
    this.#rows.delete(slug);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => this.#dispose(e)));
    this.#entries.clear();
  }

  /** The source's row, read at most once a second; requests that arrive while it is being read share that read. */
  #row(slug: string): Promise<SourceRow | null> {
    const cached = this.#rows.get(slug);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.row;
    const row = this.#read(slug);
    const entry = { row, at: Date.now() };
    this.#rows.set(slug, entry);
    row.catch(() => {
      if (this.#rows.get(slug) === entry) this.#rows.delete(slug);
    });
    return row;
  }

  async #read(slug: string): Promise<SourceRow | null> {
    const [row] = await (this.#deps.orm.em.fork() as EntityManager).execute<SourceRow[]>(
      `select pk, name, slug, type, enabled, config, user_pk, updated from sources_source where slug = ?`, [slug],
    );
    return row ? { ...row, updated: new Date(row.updated) } : null;
  }

  async #create(type: SourceType, row: SourceRow): Promise<Entry> {
    const fork = () => this.#deps.orm.em.fork() as EntityManager;
    const controller = new AbortController();
    const instance = await type.create({
      id: row.pk, name: row.name, slug: row.slug, config: row.config, signal: controller.signal,
      logger: this.#deps.logger.child?.({ source: row.name }) ?? this.#deps.logger,
      metrics: this.#deps.metricsFor(row.name),
      directory: hostDirectory(fork, this.#deps.installId),
      objects: hostSourceObjects(fork, { pk: row.pk, slug: row.slug, type: row.type }, this.#deps.readOnly),
      installId: this.#deps.installId,
      hostVersion: this.#deps.hostVersion,
    });
    await instance.start?.();
    return { row, instance, controller };
  }

  async #dispose(entry: Entry): Promise<void> {
    entry.controller.abort();
    await entry.instance.stop?.().catch((err) => this.#deps.logger.warn(`stopping source ${entry.row.name} failed`, err));
  }
}
