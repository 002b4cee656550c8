import type { Directory } from './directory.ts';
import type { LinksStore } from './links.ts';
import type { SourceObjects } from './source-objects.ts';

export interface Logger {
  debug(msg: string, ...args: unknown[]): void;
  info(msg: string, ...args: unknown[]): void;
  warn(msg: string, ...args: unknown[]): void;
  error(msg: string, ...args: unknown[]): void;
}

export type Labels = Record<string, string | number>;

/**
 * Metrics under the plugin kind's prefix (`idp_provider_` for providers), labelled with the instance's name:
 * `increment('requests_total', { method: 'POST', status: 201 })` counts `idp_provider_requests_total`.
 */
export interface Metrics {
  increment(name: string, labels?: Labels, value?: number): void;
  set(name: string, labels: Labels, value: number): void;
}

/** What the host hands an instance of a plugin's type when it creates it. */
export interface InstanceContext<Config> {
  /** The instance's id and name as stored by the host. */
  id: number;
  name: string;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  directory: Directory;
  /** Aborted when the instance is stopped or reconfigured. */
  signal: AbortSignal;
  /** The installation's id, for identifiers that must be stable per install. */
  installId: string;
  /** The host's version, for User-Agent headers. */
  hostVersion: string;
}

/** A provider instance's context adds the host-owned links store. */
export interface ProviderContext<Config> extends InstanceContext<Config> {
  links: LinksStore;
}

/** A source instance's context adds its slug and its objects (the users and groups it created or adopted). */
export interface SourceContext<Config> extends InstanceContext<Config> {
  slug: string;
  objects: SourceObjects;
}
