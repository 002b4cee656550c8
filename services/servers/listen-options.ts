import type { ListenOptions, ServerType } from '../../plugins/sdk/index.ts';
import { ConfigError } from '../kernel/config.ts';

/** Where a server listens, from the environment variables it names; a port that is not 0-65535 is refused. */
export function listenOptions(type: ServerType, env: Record<string, string | undefined>): ListenOptions {
  const ports: Record<string, number> = {};
  for (const [name, { env: variable, default: fallback }] of Object.entries(type.ports)) {
    const raw = env[variable];
    const port = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${variable} must be a port number (0-65535), got "${raw}"`);
    ports[name] = port;
  }
  return { host: env[type.hostEnv] || '127.0.0.1', ports };
}
