import { describe, expect, it } from 'vitest';
import { run } from './support/child.ts';
import { usePlatform } from './support/platform.ts';
import { createScimSource } from './support/scim-source.ts';

/**
 * The SCIM conformance replays (Microsoft's SCIM collections, scim-patch and scim2-parse-filter, 202 cases; see
 * test/conformance/scim/SOURCES.md) against a source of a running platform: every `must` case has to pass.
 */
describe('SCIM source conformance replays', () => {
  const ctx = usePlatform();

  it('passes every must case', async () => {
    const source = await createScimSource(ctx.admin, ctx.platform.baseUrl, 'conformance');
    const runner = run(process.execPath, ['test/conformance/scim/run.mjs', '--base', `${source.base}/v2`, '--token', source.token, '--verbose'], {});
    const code = await runner.exited;
    const output = runner.output();
    const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(output);
    expect(summary, output).not.toBeNull();
    const failedMust = output.split('\n').filter((line) => /FAIL/.test(line) && /\bmust\b/.test(line));
    expect(failedMust, output).toEqual([]);
    expect(code, output).toBe(0);
    expect(Number(summary![1])).toBeGreaterThanOrEqual(150);
  }, 300_000);
});
