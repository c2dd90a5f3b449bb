// The real serving process for attack tests: `node --import tsx workers/serve.ts` as a child,
// configured by environment like production, so a crash is a dead process, not a failed test
// runner. Its log goes to a file the tests can read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseEnv, spawnService, type ChildService } from '@/bench/lib/process';
import { freePort } from '@/scripts/lib/services';

export interface ServeChild extends ChildService {
  port: number;
  base: string;
  spoolDir: string;
  alive: () => boolean;
}

const PASS = ['DATABASE_URL', 'REDIS_URL', 'NEXTAUTH_SECRET', 'VIGIL_ARTIFACTS_DIR', 'VIGIL_REDIS_PREFIX', 'NODE_ENV'];

/** The test's own configuration (database, Redis, artifacts) for a child process. */
export function passedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of PASS) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}

/**
 * `opts.dir`: the folder holding the spool (VIGIL_SPOOL_DIR) and the log, kept on stop, so a
 * later start finds what an earlier one left; by default a fresh folder removed on stop.
 */
export async function startServeChild(extraEnv: Record<string, string> = {}, opts: { dir?: string } = {}): Promise<ServeChild> {
  const port = await freePort();
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-serve-'));
  const env = passedEnv();
  const svc = await spawnService({
    command: process.execPath,
    args: ['--import', 'tsx', 'workers/serve.ts'],
    cwd: path.resolve(import.meta.dirname, '..', '..', '..'),
    env: baseEnv({
      ...env,
      VIGIL_SERVE_PORT: String(port),
      VIGIL_SERVE_INSTANCE: 'attack',
      VIGIL_SPOOL_DIR: dir,
      VIGIL_SPOOL_ROTATE_MS: '50',
      VIGIL_SERVE_RECHECK_MS: '500',
      LOG_LEVEL: 'info',
      ...extraEnv,
    }),
    logFile: path.join(dir, 'serve.log'),
    readyUrl: `http://127.0.0.1:${port}/v2/health/ready`,
  });
  let gone = false;
  void svc.exited.then(() => (gone = true));
  const stop = async () => {
    const r = await svc.stop();
    if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    return r;
  };
  return { ...svc, stop, port, base: `http://127.0.0.1:${port}`, spoolDir: path.join(dir, 'attack'), alive: () => !gone };
}

/** A raw HTTP request (no URL normalisation by fetch), for malformed paths and headers. */
export async function rawRequest(port: number, text: string): Promise<{ status: number; head: string; body: string }> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (buf += d));
    sock.on('error', reject);
    sock.on('end', () => {
      const [head, ...rest] = buf.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), head, body: rest.join('\r\n\r\n') });
    });
    sock.setTimeout(10_000, () => sock.destroy(new Error('raw request timed out')));
    sock.write(text);
  });
}
