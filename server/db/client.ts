// One pg pool and Drizzle instance per process. Query helpers take `Db` (or a transaction) first.
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { env } from '@/server/env';
import * as schema from './schema';
import { logHandled } from '@/server/observability/handled';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle; services accept it so a caller can compose several actions atomically. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client's error (e.g. Postgres restarted) must not crash the process.
  pool.on('error', logHandled('db', 'idle Postgres client error'));
  // A checked-out client whose connection drops between queries (Postgres restarted, a network
  // cut) emits 'error' with no listener, which would crash the process: log it; the caller's
  // next query on it fails and is handled there.
  pool.on('connect', (client) => {
    client.on('error', logHandled('db', 'Postgres client error'));
  });
  return pool;
}

export function createDb(pool: pg.Pool): Db {
  return drizzle(pool, { schema });
}

// Kept on globalThis so Next.js dev reloads do not open a new pool on every edit.
const g = globalThis as unknown as { __vigilPool?: pg.Pool; __vigilDb?: Db };

export function pool(): pg.Pool {
  if (!g.__vigilPool) g.__vigilPool = createPool(env().DATABASE_URL);
  return g.__vigilPool;
}

export function db(): Db {
  if (!g.__vigilDb) g.__vigilDb = createDb(pool());
  return g.__vigilDb;
}
