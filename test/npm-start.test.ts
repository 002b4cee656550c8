import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, run, runIdp, waitFor, type Child } from './support/child.ts';
import { client } from './support/http.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'idp-start-'));
const TOKEN = 'npm-start-bootstrap-token-0123456789';
let child: Child | undefined;

afterAll(async () => {
  await child?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start, embedded', () => {
  it('serves the REST API on embedded PGlite, bootstraps the admin, and keeps data across a restart', async () => {
    const port = await freePort();
    const env = { IDP_DATA_DIR: dataDir, IDP_HTTP_PORT: String(port), IDP_BOOTSTRAP_TOKEN: TOKEN, IDP_BOOTSTRAP_PASSWORD: 'bootstrap-password' };
    child = run('npm', ['start', '--silent'], env);
    await waitFor(`http://127.0.0.1:${port}/health/ready`, child);
    const admin = client(`http://127.0.0.1:${port}/api/v3`, TOKEN);
    expect((await admin.get('/core/users/me/')).body).toMatchObject({ username: 'admin', is_superuser: true });
    expect((await admin.post('/core/users/', { username: 'persisted', name: 'P' })).status).toBe(201);
    expect(child.output()).not.toContain(TOKEN);
    expect(child.output()).not.toContain('bootstrap-password');
    await child.stop();
    expect(child.output()).toContain('idp stopped cleanly');

    child = runIdp(['start'], env);
    await waitFor(`http://127.0.0.1:${port}/health/ready`, child);
    const users = await admin.get('/core/users/?username=persisted');
    expect(users.body.results).toHaveLength(1);
    expect(await child.stop()).toBe(0);
  });

  it('refuses bad configuration with a clear message and a non-zero exit', async () => {
    const bad = runIdp(['start'], { IDP_DATA_DIR: dataDir, IDP_HTTP_PORT: 'ninety' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('configuration error: IDP_HTTP_PORT must be a port number');
  });
});
