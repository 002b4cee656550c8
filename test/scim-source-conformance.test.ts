import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, run, runIdp, waitFor, type Child } from './support/child.ts';
import { client } from './support/http.ts';
import { usePlatform } from './support/platform.ts';
import { createScimSource } from './support/scim-source.ts';

/** Replays every case (test/conformance/scim, 180 cases) against a source's base URL: no `must` case may fail, and at least 165 pass (167 today; the rest are `should`/`may` cases where RFC 7644 and the upstream libraries differ). */
async function replay(base: string, token: string) {
  const runner = run(process.execPath, ['test/conformance/scim/run.mjs', '--base', base, '--token', token], {});
  const code = await runner.exited;
  const output = runner.output();
  const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(output);
  expect(summary, output).not.toBeNull();
  expect(output, output).toMatch(/^# failed by level: must=0 /m);
  expect(code, output).toBe(0);
  expect(Number(summary![1]), output).toBeGreaterThanOrEqual(165);
}

/**
 * The SCIM conformance replays (Microsoft's SCIM collections, scim-patch and scim2-parse-filter; see
 * test/conformance/scim/SOURCES.md) against a source of a running platform, on PostgreSQL and embedded.
 */
describe('SCIM source conformance replays', () => {
  const ctx = usePlatform();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'idp-scim-'));
  let embedded: Child | undefined;
  afterAll(async () => {
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes every must case on PostgreSQL', async () => {
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'conformance');
    await replay(`${source.base}/v2`, source.token);
  }, 300_000);

  it('passes every must case on the embedded default (npm start, PGlite)', async () => {
    const port = await freePort();
    const token = 'conformance-bootstrap-token-0123456789';
    embedded = runIdp(['start'], { IDP_DATA_DIR: dataDir, IDP_HTTP_PORT: String(port), IDP_BOOTSTRAP_TOKEN: token, LOG_LEVEL: 'warn' });
    await waitFor(`http://127.0.0.1:${port}/health/ready`, embedded);
    const source = await createScimSource(client(`http://127.0.0.1:${port}/api/v3`, token), `http://127.0.0.1:${port}/api/v3`, 'embedded');
    await replay(`${source.base}/v2`, source.token);
  }, 300_000);
});
