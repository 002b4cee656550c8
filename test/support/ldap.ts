import { spawn } from 'node:child_process';
import { Client } from 'ldapts';
import type { Platform } from '../../services/platform.ts';
import type { Client as Api } from './platform.ts';

export interface LdapAddresses {
  ldap: { host: string; port: number };
  ldaps: { host: string; port: number };
}

/** Where the platform's LDAP listener ended up (tests run it on free ports). */
export async function ldapAddresses(platform: Platform): Promise<LdapAddresses> {
  return (await platform.broker.call('ldap.addresses')) as LdapAddresses;
}

export const ldapUrl = (a: LdapAddresses) => `ldap://127.0.0.1:${a.ldap.port}`;
export const ldapsUrl = (a: LdapAddresses) => `ldaps://127.0.0.1:${a.ldaps.port}`;

/** An ldapts client that trusts any certificate (the listener's is self-signed unless a test gives one). */
export function ldapClient(url: string): Client {
  return new Client({ url, timeout: 10_000, connectTimeout: 10_000, ...(url.startsWith('ldaps:') ? { tlsOptions: { rejectUnauthorized: false } } : {}) });
}

/** The result code of an ldapts call that failed (ldapts throws a ResultCodeError with `code`). */
export async function resultCode(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'number') throw err;
    return code;
  }
}

/** Makes a user with a password (and groups), returning its pk. */
export async function makeUser(admin: Api, username: string, password: string, extra: Record<string, unknown> = {}): Promise<number> {
  const created = await admin.post('/core/users/', { username, name: extra.name ?? username, ...extra });
  if (created.status !== 201) throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`);
  const set = await admin.post(`/core/users/${created.body.pk}/set_password/`, { password });
  if (set.status !== 204) throw new Error(`setting ${username}'s password: ${set.status} ${JSON.stringify(set.body)}`);
  return created.body.pk;
}

/** An LDAP provider bound to a new application (no policies, so every active user may bind); returns its pk. */
export async function makeLdapProvider(admin: Api, name: string, config: Record<string, unknown> = {}): Promise<number> {
  const provider = await admin.post('/providers/ldap/', { name, ...config });
  if (provider.status !== 201) throw new Error(`creating provider ${name}: ${provider.status} ${JSON.stringify(provider.body)}`);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const app = await admin.post('/core/applications/', { name, slug, provider: provider.body.pk });
  if (app.status !== 201) throw new Error(`creating application ${slug}: ${app.status} ${JSON.stringify(app.body)}`);
  return provider.body.pk;
}

/** Runs one of Debian's ldap-utils commands (ldapsearch, ldapwhoami, …), giving its exit code and output. */
export function ldapUtil(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { env: { ...process.env, LDAPTLS_REQCERT: 'never', ...env } });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => { stdout += d; });
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Waits until `check` holds, polling every 20 ms, up to `ms` (an assertion about timing: changes show within a second). */
export async function within<T>(ms: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs an assertion until it passes or `ms` elapse (then throws its last failure). */
export async function retry(assertion: () => Promise<void>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
