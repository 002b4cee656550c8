import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Logger, Metrics, ProviderInstance } from '../../plugins/sdk/index.ts';
import { hostDirectory } from './directory.ts';
import { hostLinks } from './links-store.ts';
import type { PluginRegistry } from './plugin-registry.ts';

interface ProviderRow {
  pk: number;
  name: string;
  type: string;
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
  updated: Date;
}

/** A running instance of a stored provider. */
export interface InstanceEntry {
  pk: number;
  name: string;
  type: string;
  config: Record<string, unknown>;
  updated: number;
  instance: ProviderInstance;
  controller: AbortController;
}

export interface InstanceDeps {
  orm: MikroORM;
  registry: PluginRegistry;
  installId: string;
  hostVersion: string;
  logger: Logger & { child?(bindings: object): Logger };
  metricsFor(name: string): Metrics;
}

const FRESH_MS = 1000;

/**
 * This process's instances of the stored providers, created from their plugin types on first use and recreated when
 * a provider's row changes (read at most once a second by workers, every time by the fan-out), so every process
 * follows configuration changes.
 */
export class ProviderInstances {
  readonly #deps: InstanceDeps;
  readonly #entries = new Map<number, InstanceEntry>();
  #loadedAt = 0;
  #loading: Promise<void> | undefined;

  constructor(deps: InstanceDeps) {
    this.#deps = deps;
  }

  /**
   * Every provider's instance, read fresh: the fan-out must see a provider created or changed before the event it
   * handles committed (events of different objects may arrive in any order). `em` is the caller's transaction (on
   * embedded PGlite, one connection, a query outside it would wait for it forever).
   */
  async all(em: EntityManager): Promise<InstanceEntry[]> {
    await this.#loading;
    this.#loadedAt = 0;
    await this.#refresh(em);
    return [...this.#entries.values()];
  }

  /** A provider's instance; one this process has not seen yet is looked up at once, so its first jobs are not missed. */
  async get(pk: number): Promise<InstanceEntry | null> {
    await this.#refresh();
    if (!this.#entries.has(pk)) {
      await this.#loading;
      this.#loadedAt = 0;
      await this.#refresh();
    }
    return this.#entries.get(pk) ?? null;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => this.#dispose(e)));
    this.#entries.clear();
  }

  #refresh(em?: EntityManager): Promise<void> {
    if (Date.now() - this.#loadedAt < FRESH_MS) return Promise.resolve();
    this.#loading ??= this.#load(em).finally(() => { this.#loading = undefined; });
    return this.#loading;
  }

  async #load(em?: EntityManager): Promise<void> {
    const fork = () => this.#deps.orm.em.fork() as EntityManager;
    const rows = await (em ?? fork()).execute<ProviderRow[]>(`select pk, name, type, config, secrets, updated from providers_provider`);
    const seen = new Set<number>();
    for (const row of rows) {
      seen.add(row.pk);
      const current = this.#entries.get(row.pk);
      if (current && current.updated === new Date(row.updated).getTime()) continue;
      if (current) await this.#dispose(current);
      const type = this.#deps.registry.providers.get(row.type);
      if (type && !type.create) continue;
      if (!type) {
        this.#entries.delete(row.pk);
        this.#deps.logger.warn(`provider ${row.name} has type ${row.type}, which no loaded plugin provides`);
        continue;
      }
      const controller = new AbortController();
      const config = { ...row.config, ...row.secrets };
      const instance = await type.create!({
        id: row.pk, name: row.name, config, signal: controller.signal,
        logger: this.#deps.logger.child?.({ provider: row.name }) ?? this.#deps.logger,
        metrics: this.#deps.metricsFor(row.name),
        directory: hostDirectory(fork, this.#deps.installId),
        links: hostLinks(fork, row.pk),
        installId: this.#deps.installId,
        hostVersion: this.#deps.hostVersion,
      });
      await instance.start?.();
      this.#entries.set(row.pk, { pk: row.pk, name: row.name, type: row.type, config: row.config, updated: new Date(row.updated).getTime(), instance, controller });
    }
    for (const [pk, entry] of this.#entries) {
      if (seen.has(pk)) continue;
      await this.#dispose(entry);
      this.#entries.delete(pk);
    }
    this.#loadedAt = Date.now();
  }

  async #dispose(entry: InstanceEntry): Promise<void> {
    entry.controller.abort();
    await entry.instance.stop?.().catch((err) => this.#deps.logger.warn(`stopping provider ${entry.name} failed`, err));
  }
}
