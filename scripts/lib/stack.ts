// Brings up Postgres and Redis (from the environment or started here), creates the named
// database and applies migrations. Shared by `npm run up` and `npm test` so both do the same.
import crypto from 'node:crypto';
import pg from 'pg';
import { ensureAppRole, isSuperuser } from '@/server/db/app-role';
import { migrateDatabase } from '@/server/db/migrate';
import { ensureDatabase, postgresFromEnvOrEmbedded, redisFromEnvOrLocal, type Service } from './services';

export interface Stack {
  /** What the processes connect with: the app role (server/db/app-role.ts) on our own Postgres. */
  databaseUrl: string;
  /** Whether Postgres was started here (then we own the cluster and set up the app role). */
  ownsPostgres: boolean;
  /** The server URL without a database, for creating more databases (tests). */
  postgresServerUrl: string;
  redisUrl: string;
  stop: () => Promise<void>;
}

/**
 * After migrating as the owner: on our own Postgres, the app role's URL (a fresh password per
 * start); on an external one, the URL as given, with a warning when it is a superuser's.
 */
export async function appDatabaseUrl(ownerUrl: string, owned: boolean, log: (s: string) => void, password = crypto.randomBytes(24).toString('base64url')): Promise<string> {
  if (owned) return ensureAppRole(ownerUrl, { password });
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    if (await isSuperuser(client)) {
      log(`warning: DATABASE_URL connects as a superuser, which can disable the audit log's append-only trigger; connect the app as a role with DML grants only (README, Security: database roles)`);
    }
  } finally {
    await client.end();
  }
  return ownerUrl;
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
      databaseUrl = await appDatabaseUrl(databaseUrl, pg.owned, opts.log);
    }
    return { databaseUrl, ownsPostgres: pg.owned, postgresServerUrl: pg.url, redisUrl: rd.url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
