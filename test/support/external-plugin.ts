import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './child.ts';

/**
 * A third-party plugin written outside the source tree, importing nothing but the SDK package (linked into the
 * temporary directory's node_modules as `npm install <path>` would). Its `echo` provider appends one JSON line per
 * synced object to the file its config names, and it adds an `action_prefix` policy type.
 */
const ECHO_PLUGIN = `
import { appendFileSync } from 'node:fs';
import { definePlugin, defineErrors, defineProviderType } from '@idp-core/plugin-sdk';

const errors = defineErrors('echo', { write_failed: { status: 500, message: 'Could not write the echo file.' } });

export default definePlugin({
  id: 'echo',
  version: '0.3.0',
  sdk: '^1.0.0',
  errors: errors.catalogue,
  providers: [defineProviderType<{ target_file: string; secret: string }>({
    id: 'echo',
    name: 'Echo',
    description: 'Writes every synced object to a file.',
    configSchema: {
      type: 'object',
      properties: { target_file: { type: 'string' }, secret: { type: 'string', writeOnly: true }, sync_interval_minutes: { type: 'integer', default: 0 } },
      required: ['target_file', 'secret'],
      additionalProperties: false,
    },
    create: (ctx) => ({
      health: async () => ({ ok: true }),
      testConnection: async () => ({ ok: true }),
      onEvent: (event) => (event.model.app === 'core' && event.model.name === 'user' ? { refs: [{ kind: 'user', id: event.model.pk }] } : { refs: [] }),
      async sync(refs) {
        const users = await ctx.directory.users(refs.filter((r) => r.kind === 'user').map((r) => Number(r.id)));
        for (const u of users) appendFileSync(ctx.config.target_file, JSON.stringify({ pk: u.pk, username: u.username, secretLength: ctx.config.secret.length }) + '\\n');
        return refs.map((ref) => ({ ref, outcome: 'updated', writes: 1 }));
      },
    }),
  })],
  policies: [{
    id: 'action_prefix',
    description: 'Passes events whose action starts with a prefix.',
    configSchema: { type: 'object', properties: { prefix: { type: 'string' } }, required: ['prefix'] },
    compile: (config: { prefix: string }) => (facts) => facts.action.startsWith(config.prefix),
  }],
});
`;

export interface ExternalPlugins {
  dir: string;
  /** The echo plugin's entry file. */
  echo: string;
  /** Writes another plugin module into the directory and returns its path. */
  write(name: string, source: string): string;
  remove(): void;
}

export function writeExternalPlugins(): ExternalPlugins {
  const dir = mkdtempSync(path.join(tmpdir(), 'idp-plugins-'));
  mkdirSync(path.join(dir, 'node_modules', '@idp-core'), { recursive: true });
  symlinkSync(path.join(ROOT, 'plugins', 'sdk'), path.join(dir, 'node_modules', '@idp-core', 'plugin-sdk'), 'dir');
  const write = (name: string, source: string) => {
    mkdirSync(path.join(dir, name), { recursive: true });
    const file = path.join(dir, name, 'index.ts');
    writeFileSync(file, source);
    return file;
  };
  return { dir, echo: write('echo-plugin', ECHO_PLUGIN), write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
