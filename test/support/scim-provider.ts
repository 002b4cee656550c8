import type { Client } from './platform.ts';
import { eventually } from './bus.ts';

/** Creates a SCIM provider through the API and waits for its first full sync (started on creation) to finish. */
export async function createScimProvider(admin: Client, body: Record<string, unknown>): Promise<{ pk: number; [k: string]: unknown }> {
  const created = await admin.post('/providers/scim/', { sync_interval_minutes: 0, ...body });
  if (created.status !== 201) throw new Error(`creating the SCIM provider failed: ${JSON.stringify(created.body)}`);
  await settled(admin, created.body.pk);
  return created.body;
}

/** Waits until the provider has no full sync running and nothing queued, and returns its sync status. */
export async function settled(admin: Client, pk: number, timeoutMs = 30_000) {
  return (await eventually(() => admin.get(`/providers/scim/${pk}/sync_status/`), (r) => r.status === 200 && r.body.last_run !== null && !r.body.running && r.body.queued === 0, timeoutMs)).body;
}

/**
 * Runs a full sync on demand (or joins the one running) and waits for it, and any run started after it, to end;
 * returns the last finished run.
 */
export async function fullSync(admin: Client, pk: number, timeoutMs = 30_000) {
  const { body } = await admin.post(`/providers/scim/${pk}/sync/`);
  const status = await eventually(
    () => admin.get(`/providers/scim/${pk}/sync_status/`),
    (r) => !r.body.running && r.body.queued === 0 && r.body.last_run !== null && r.body.last_run.started >= body.run.started,
    timeoutMs,
  );
  return status.body.last_run;
}
