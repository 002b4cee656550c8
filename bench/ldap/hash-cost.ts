import { randomBytes, scryptSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { hashPassword, verifyPassword } from '../../services/kernel/secrets.ts';
import { PASSWORD, userDN } from './dataset.ts';
import { baseEntries, userEntry } from './ldif.ts';
import { loadSlapd, slappasswd, startSlapd } from './slapd.ts';

/** Argon2 memory in KiB: 32 MiB, what scrypt N=2^15, r=8 uses (128·N·r bytes). */
const ARGON2_MEMORY = 32768;
const MAX_PASSES = 8;
const SAMPLES = 9;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Our stored format with scrypt N=16, r=1, p=1: verifying it costs microseconds (binds "apart from the hash"). */
export function cheapScryptHash(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFKC'), salt, 32, { N: 16, r: 1, p: 1 });
  return ['scrypt', 16, 1, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Our real hash of the bench password, and a timer of one verifyPassword of it (ms). */
export async function ourHash(): Promise<{ hash: string; verifyMs: () => Promise<number> }> {
  const hash = await hashPassword(PASSWORD);
  return {
    hash,
    async verifyMs() {
      const t = performance.now();
      if (!(await verifyPassword(PASSWORD, hash))) throw new Error('verifyPassword refused its own hash');
      return performance.now() - t;
    },
  };
}

/** The slapd {ARGON2} parameters chosen and its hash; slapd's cost per pass count tried and ours over all the tries (ms per verify). */
export interface Argon2Choice {
  params: string;
  hash: string;
  measured: { passes: number; costMs: number }[];
  chosen: { passes: number; costMs: number };
  oursMs: number;
}

/** Times one bind of a user on an open connection, in ms. */
async function bindMs(c: Client, username: string): Promise<number> {
  const t = performance.now();
  await c.bind(userDN(username), PASSWORD);
  return performance.now() - t;
}

/**
 * Finds the {ARGON2} pass count (at 32 MiB, one lane) whose verify in slapd costs closest to our scrypt verify: a
 * small slapd holds one user per pass count and one with {SSHA}; a pass count's cost is its median bind time less the
 * {SSHA} user's, sampled in turn with our verify so that both see the same machine; ours is the median over all
 * tries. Stops once slapd's cost passes ours.
 */
export async function calibrateArgon2(dir: string, oursMs: () => Promise<number>): Promise<Argon2Choice> {
  const hashes: string[] = [];
  for (let t = 1; t <= MAX_PASSES; t++) hashes.push(await slappasswd('{ARGON2}', PASSWORD, `m=${ARGON2_MEMORY} t=${t} p=1`));
  const user = (username: string, pk: number) => ({ pk, username, name: `Bench ${username}`, email: `${username}@example.org`, cheap: true });
  mkdirSync(dir, { recursive: true });
  const ldif = join(dir, 'calibration.ldif');
  writeFileSync(ldif, baseEntries() + userEntry(user('ssha', 1), [], await slappasswd('{SSHA}', PASSWORD)) + hashes.map((h, i) => userEntry(user(`argon2-t${i + 1}`, i + 2), [], h)).join(''));
  await loadSlapd(dir, ldif);
  const slapd = await startSlapd(dir);
  const c = new Client({ url: slapd.url, timeout: 10_000, connectTimeout: 5000 });
  try {
    const measured: Argon2Choice['measured'] = [];
    const ours: number[] = [];
    for (let t = 1; t <= MAX_PASSES; t++) {
      const ssha: number[] = [];
      const argon2: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        ssha.push(await bindMs(c, 'ssha'));
        argon2.push(await bindMs(c, `argon2-t${t}`));
        ours.push(await oursMs());
      }
      measured.push({ passes: t, costMs: median(argon2) - median(ssha) });
      if (measured.at(-1)!.costMs > median(ours)) break;
    }
    const oursMedian = median(ours);
    const chosen = measured.reduce((a, b) => (Math.abs(b.costMs - oursMedian) < Math.abs(a.costMs - oursMedian) ? b : a));
    return { params: `m=${ARGON2_MEMORY} t=${chosen.passes} p=1`, hash: hashes[chosen.passes - 1], measured, chosen, oursMs: oursMedian };
  } finally {
    await c.unbind().catch(() => undefined);
    await slapd.stop();
  }
}
