// Brings up Postgres and Redis (from the environment or started here), creates the named
// database and applies migrations. Shared by `npm run up` and `npm test` so both do the same.
import { migrateDatabase } from '@/server/db/migrate';
import { ensureDatabase, postgresFromEnvOrEmbedded, redisFromEnvOrLocal, type Service } from './services';

export interface Stack {
  databaseUrl: string;
  /** The server URL without a database, for creating more databases (tests). */
  postgresServerUrl: string;
  redisUrl: string;
  stop: () => Promise<void>;
}

export async function bringUpStack(opts: {
  pgDataDir: string;
  redisDataDir: string;
  /** Database to create (when we own Postgres or the env URL names none) and migrate. */
  database: string;
  log: (s: string) => void;
  databaseUrlFromEnv?: string;
  redisUrlFromEnv?: string;
  redisAppendOnly?: boolean;
  /** Create and migrate `database` (default true). */
  migrate?: boolean;
}): Promise<Stack> {
  const started: Service[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => {});
  };
  try {
    const pg = await postgresFromEnvOrEmbedded(opts.pgDataDir, opts.log, opts.databaseUrlFromEnv);
    started.push(pg);
    const rd = await redisFromEnvOrLocal(opts.redisDataDir, opts.log, opts.redisUrlFromEnv, { appendOnly: opts.redisAppendOnly });
    started.push(rd);
    // An env DATABASE_URL is used as given; our own server gets a database named for its use.
    let databaseUrl = pg.url;
    if (opts.migrate !== false) {
      if (pg.owned) databaseUrl = await ensureDatabase(pg.url, opts.database);
      await migrateDatabase(databaseUrl);
      opts.log('migrations applied');
    }
    return { databaseUrl, postgresServerUrl: pg.url, redisUrl: rd.url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
