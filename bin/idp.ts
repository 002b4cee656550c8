#!/usr/bin/env node
/** The platform's command line: idp start | migrate | bootstrap | health [--json]. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../services/kernel/config.ts';
import { createOrm, migrate, pendingMigrations } from '../services/kernel/orm.ts';
import { runInScope } from '../services/kernel/request-context.ts';
import { MODELS } from '../services/models.ts';
import { startPlatform } from '../services/platform.ts';
import { bootstrapAdmin } from '../services/users/bootstrap.ts';

const USAGE = `usage: idp <command> [--json]
  start       run the services chosen by SERVICES (all by default) until SIGINT/SIGTERM
  migrate     apply pending database migrations and exit
  bootstrap   create the superuser "admin" with IDP_BOOTSTRAP_TOKEN / IDP_BOOTSTRAP_PASSWORD
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
