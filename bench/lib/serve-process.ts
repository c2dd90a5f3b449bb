// Runs the serving gateway as production does: a separate `node --import tsx workers/serve.ts`
// process configured by environment, so the fault bench can SIGKILL it. Ready when
// /v2/health/ready answers (the aliased versions are loaded before it listens).
import path from 'node:path';
import { baseEnv, spawnService, type ChildService } from './process';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface ServeProcess extends ChildService {
  port: number;
}

export async function startServeProcess(opts: {
  env: Record<string, string>;
  port: number;
  instance: string;
  logFile: string;
  durability?: 'fsync' | 'write';
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** VIGIL_SERVE_WORKERS (serving processes sharing the port); 1 when not given. */
  workers?: number;
  /** Another checkout of Vigil to run workers/serve.ts from (bench:serve --compare-tree). */
  cwd?: string;
}): Promise<ServeProcess> {
  const svc = await spawnService({
    command: process.execPath,
    args: [...(opts.nodeArgs ?? []), '--import', 'tsx', 'workers/serve.ts'],
    cwd: opts.cwd ?? REPO_ROOT,
    env: baseEnv({ ...opts.env, VIGIL_SERVE_PORT: String(opts.port), VIGIL_SERVE_INSTANCE: opts.instance, VIGIL_SERVE_DURABILITY: opts.durability ?? 'fsync', VIGIL_SERVE_WORKERS: String(opts.workers ?? 1) }),
    logFile: opts.logFile,
    readyUrl: `http://127.0.0.1:${opts.port}/v2/health/ready`,
  });
  return { ...svc, port: opts.port };
}
