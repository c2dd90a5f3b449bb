// Everything a serving bench needs around the serving process: a scratch folder, our own
// Postgres (restartable, see postgres.ts) and a local Redis through bringUpStack (which also
// creates and migrates the database), and the environment the server modules read. The
// environment is set here, before any server module is imported: server/env.ts reads
// process.env once, lazily.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bringUpStack } from '../../scripts/lib/stack';
import { ensureDatabase } from '../../scripts/lib/services';
import { startOwnedPostgres, type OwnedPostgres } from './postgres';
import { makeBenchDir } from './tmpdir';

export interface BenchStack {
  dir: string;
  databaseUrl: string;
  redisUrl: string;
  postgres: OwnedPostgres;
  /** Environment for child processes (the serving process). */
  childEnv: Record<string, string>;
  stop: () => Promise<void>;
}

export async function setupBenchStack(name: string, log: (s: string) => void, opts: { keep?: boolean } = {}): Promise<BenchStack> {
  const dir = makeBenchDir(name);
  log(`scratch folder ${dir}`);
  const postgres = await startOwnedPostgres(path.join(dir, 'pg'), log);
  let redisStop: () => Promise<void> = async () => {};
  try {
    const databaseUrl = await ensureDatabase(postgres.url, 'vigil_bench');
    const stack = await bringUpStack({ pgDataDir: path.join(dir, 'pg-unused'), redisDataDir: path.join(dir, 'redis'), database: 'vigil_bench', log, databaseUrlFromEnv: databaseUrl, redisAppendOnly: false });
    redisStop = stack.stop;
    const childEnv: Record<string, string> = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: stack.redisUrl,
      VIGIL_REDIS_PREFIX: `bench-${name}`,
      NEXTAUTH_SECRET: crypto.randomBytes(24).toString('hex'),
      VIGIL_ARTIFACTS_DIR: path.join(dir, 'artifacts'),
      VIGIL_SPOOL_DIR: path.join(dir, 'spool'),
      LOG_LEVEL: 'warn',
    };
    Object.assign(process.env, childEnv);
    return {
      dir,
      databaseUrl,
      redisUrl: stack.redisUrl,
      postgres,
      childEnv,
      stop: async () => {
        await redisStop().catch(() => {});
        await postgres.stop().catch(() => {});
        if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
        else log(`kept ${dir}`);
      },
    };
  } catch (e) {
    await redisStop().catch(() => {});
    await postgres.stop().catch(() => {});
    throw e;
  }
}
