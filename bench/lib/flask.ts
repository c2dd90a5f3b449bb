// The Flask + gunicorn + scikit-learn baseline (bench/reference/flask_app.py): checks that
// Debian's packages are there (installs them when we are root with apt), and starts gunicorn
// with 2 worker processes, gthread, as a typical deployment would.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { baseEnv, spawnService, type ChildService } from './process';
import { REPO_ROOT } from './serve-process';

export const PYTHON = '/usr/bin/python3';
export const GUNICORN = '/usr/bin/gunicorn';
export const FLASK_PACKAGES = ['python3-flask', 'gunicorn', 'python3-sklearn'];

function pythonHasModules(): boolean {
  return fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import flask, sklearn, numpy'], { stdio: 'ignore' }).status === 0;
}

/** Returns null when ready, else the message saying what to install. */
export function ensureFlaskStack(log: (s: string) => void): string | null {
  const ok = () => pythonHasModules() && fs.existsSync(GUNICORN);
  if (ok()) return null;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0) {
    log(`installing Debian's ${FLASK_PACKAGES.join(' ')} for the Flask baseline`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '-q', ...FLASK_PACKAGES], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (install().status !== 0) {
      spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
      install();
    }
    if (ok()) return null;
  }
  return `the Flask baseline needs Debian's ${FLASK_PACKAGES.join(', ')} (sudo apt-get install ${FLASK_PACKAGES.join(' ')}); run again after installing them, or pass --no-flask`;
}

export async function startFlask(opts: { port: number; trainCsv: string; logFile: string; workers?: number; threads?: number }): Promise<ChildService> {
  return spawnService({
    command: GUNICORN,
    args: ['--preload', '-w', String(opts.workers ?? 2), '-k', 'gthread', '--threads', String(opts.threads ?? 8), '--keep-alive', '65', '-b', `127.0.0.1:${opts.port}`, '--log-level', 'warning', '--chdir', path.join(REPO_ROOT, 'bench', 'reference'), 'flask_app:app'],
    cwd: REPO_ROOT,
    env: baseEnv({ BENCH_TRAIN_CSV: opts.trainCsv }),
    logFile: opts.logFile,
    readyUrl: `http://127.0.0.1:${opts.port}/health`,
    timeoutMs: 120_000,
  });
}
