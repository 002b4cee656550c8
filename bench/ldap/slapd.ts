import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BASE_DN, READER, userDN } from './dataset.ts';

const run = promisify(execFile);
const MODULES = '/usr/lib/ldap';
const BINARIES = ['/usr/sbin/slapd', '/usr/sbin/slapadd', '/usr/sbin/slappasswd'];
const NEEDED_MODULES = ['back_mdb', 'memberof', 'argon2'];
const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `/etc/ldap/schema/${s}.schema`);

/** What is missing of Debian's slapd 2.5 (binaries, modules, schemas), with how to install it; null when all is there. */
export function slapdMissing(): string | null {
  const missing = [...BINARIES, ...NEEDED_MODULES.map((m) => `${MODULES}/${m}.so`), ...SCHEMAS].filter((p) => !existsSync(p));
  return missing.length ? `OpenLDAP slapd is not installed (missing ${missing.join(', ')}): apt-get install -y slapd ldap-utils` : null;
}

/** A userPassword value made by slappasswd: `{SSHA}`, or `{ARGON2}` with the module's parameters (`m=32768 t=3 p=1`). */
export async function slappasswd(scheme: '{SSHA}' | '{ARGON2}', password: string, argon2 = ''): Promise<string> {
  const moduleArgs = scheme === '{ARGON2}' ? ['-o', `module-path=${MODULES}`, '-o', `module-load=argon2 ${argon2}`.trim()] : [];
  const { stdout } = await run('/usr/sbin/slappasswd', [...moduleArgs, '-h', scheme, '-s', password]);
  return stdout.trim();
}

/**
 * A cn=config-less configuration: back_mdb with equality indexes, the memberof overlay (memberOf comes from the
 * LDIF), argon2 passwords; the reader may read everything, every user their own entry (and search the rest, so a
 * search from the base is not refused), anonymous users only bind.
 */
function config(dir: string): string {
  const reader = userDN(READER);
  return [
    ...SCHEMAS.map((s) => `include ${s}`),
    `modulepath ${MODULES}`,
    ...NEEDED_MODULES.map((m) => `moduleload ${m}`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    'loglevel 0',
    'sizelimit unlimited',
    'database mdb',
    `suffix "${BASE_DN}"`,
    `rootdn "cn=admin,${BASE_DN}"`,
    `rootpw "${Math.random().toString(36).slice(2)}"`,
    `directory ${join(dir, 'db')}`,
    'maxsize 17179869184',
    'index objectClass eq',
    'index uid,cn,mail,memberUid,member,uniqueMember eq',
    'access to attrs=userPassword by anonymous auth by * none',
    `access to * by dn.exact="${reader}" read by self read by users search by * none`,
    `limits dn.exact="${reader}" size=unlimited`,
    'overlay memberof',
    '',
  ].join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** A running slapd: its URL and pid; `stop()` ends it. */
export interface RunningSlapd {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Loads the LDIF with slapadd into a new mdb database under `dir` (offline); returns the seconds it took. */
export async function loadSlapd(dir: string, ldif: string): Promise<number> {
  mkdirSync(join(dir, 'db'), { recursive: true });
  writeFileSync(join(dir, 'slapd.conf'), config(dir));
  const started = performance.now();
  await run('/usr/sbin/slapadd', ['-q', '-f', join(dir, 'slapd.conf'), '-l', ldif], { maxBuffer: 64 * 1024 * 1024 });
  return (performance.now() - started) / 1000;
}

/** Starts slapd in the foreground on a free loopback port over the database `loadSlapd` made in `dir`. */
export async function startSlapd(dir: string): Promise<RunningSlapd> {
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('/usr/sbin/slapd', ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`slapd exited (${code}) at start`))));
  exited.catch(() => undefined);
  for (let tries = 0; !(await Promise.race([accepts(port), exited])); tries++) {
    if (tries > 200) throw new Error('slapd did not listen within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      process.off('exit', orphaned);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
