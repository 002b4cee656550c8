#!/usr/bin/env node
/** The platform's command line: idp start | migrate | bootstrap | sync <provider> | plugins list | health [--json]. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../services/kernel/config.ts';
import { createOrm, migrate, pendingMigrations } from '../services/kernel/orm.ts';
import { runInScope } from '../services/kernel/request-context.ts';
import { MODELS } from '../services/models.ts';
import { startPlatform } from '../services/platform.ts';
import { syncFromCli } from '../services/providers/cli-sync.ts';
import { loadPlugins } from '../services/providers/plugin-loader.ts';
import { progressLine } from '../services/providers/progress-bar.ts';
import { bootstrapAdmin } from '../services/users/bootstrap.ts';

const USAGE = `usage: idp <command> [--json]
  start       run the services chosen by SERVICES (all by default) until SIGINT/SIGTERM
  migrate     apply pending database migrations and exit
  bootstrap   create the superuser "admin" with IDP_BOOTSTRAP_TOKEN / IDP_BOOTSTRAP_PASSWORD
  sync <provider>  run a full sync of a provider (name or pk) here, with progress; exit 1 when objects failed
  plugins list     the loaded plugins and the types they contribute
  health      check the database and migrations; exit 1 when not ready`;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
const command = positionals[0];

function out(result: Record<string, unknown>, text: string): void {
  console.log(values.json ? JSON.stringify(result) : text);
}

async function withOrm<T>(fn: (orm: Awaited<ReturnType<typeof createOrm>>) => Promise<T>): Promise<T> {
  const orm = await createOrm({ database: loadConfig().database, models: MODELS });
  try {
    return await fn(orm);
  } finally {
    await orm.close(true);
  }
}

async function main(): Promise<number> {
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'start': {
      const config = loadConfig();
      const platform = await startPlatform(config);
      const where = config.services.includes('api') ? ` REST on http://${config.http.host}:${config.http.port}/api/v3/` : '';
      platform.broker.logger.info(`idp started: services ${config.services.join(', ')}, ${config.database.kind}${config.transporter ? `, transporter ${config.transporter}` : ', embedded'}.${where}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await platform.stop();
      console.log(values.json ? JSON.stringify({ stopped: true }) : 'idp stopped cleanly');
      return 0;
    }
    case 'migrate': {
      const applied = await withOrm(migrate);
      out({ applied }, applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
      return 0;
    }
    case 'bootstrap': {
      const { bootstrap } = loadConfig();
      if (!bootstrap.token && !bootstrap.password) {
        console.error('idp bootstrap needs IDP_BOOTSTRAP_TOKEN or IDP_BOOTSTRAP_PASSWORD');
        return 2;
      }
      const result = await withOrm(async (orm) => {
        await migrate(orm);
        return runInScope({ actor: { kind: 'cli', id: null, username: null, ip: null }, requestId: null }, () =>
          orm.em.fork().transactional((em) => bootstrapAdmin(em as never, bootstrap)));
      });
      out(result, `${result.created ? 'created' : 'updated'} superuser ${result.username} (pk ${result.pk})`);
      return 0;
    }
    case 'sync': {
      if (!positionals[1]) {
        console.error('usage: idp sync <provider name or pk> [--json]');
        return 2;
      }
      const config = loadConfig();
      const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };
      const run = await withOrm((orm) => syncFromCli(orm, config, positionals[1], logger, (r) => {
        if (values.json) console.log(JSON.stringify({ total: r.total, done: r.done, failed: r.failed, writes: r.writes, status: r.status }));
        else if (process.stderr.isTTY) process.stderr.write(`\r${progressLine(r)}`);
      }));
      if (!values.json) console.log(`${process.stderr.isTTY ? '\n' : ''}sync ${run.status}: ${run.done} of ${run.total} objects, ${run.failed} failed, ${run.writes} writes`);
      return run.status === 'succeeded' ? 0 : 1;
    }
    case 'plugins': {
      const registry = await loadPlugins(loadConfig().providers.plugins, { warn: (m: string) => console.error(m) });
      const plugins = registry.plugins.map(({ plugin, source }) => ({ id: plugin.id, version: plugin.version, source }));
      out({ plugins, types: registry.types().map(({ config_schema: _schema, ...t }) => t), failures: registry.failures },
        [...plugins.map((p) => `${p.id}@${p.version} (${p.source})`), ...registry.types().map((t) => `  ${t.kind} ${t.id} (${t.plugin})`), ...registry.failures.map((f) => `failed: ${f.source}: ${f.error}`)].join('\n'));
      return registry.failures.length ? 1 : 0;
    }
    case 'health': {
      const pending = await withOrm(pendingMigrations);
      out({ database: 'ok', pendingMigrations: pending }, pending.length ? `pending migrations: ${pending.join(', ')}` : 'database ok, migrations current');
      return pending.length ? 1 : 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? `configuration error: ${err.message}` : err);
    process.exit(1);
  },
);
