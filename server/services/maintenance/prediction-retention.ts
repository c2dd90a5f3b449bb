// Prediction log retention: whole daily partitions older than VIGIL_PREDICTIONS_RETENTION_DAYS
// are dropped (a partition drop is instant and leaves no bloat). The per-minute rollups, labels
// and alerts are kept, so monitoring history outlives the raw rows.
import type pg from 'pg';
import { env } from '@/server/env';
import { logger } from '@/server/observability/logger';
import { requirePermission, type ServiceContext } from '../context';

const log = logger({ component: 'retention' });
const DAY = 86_400_000;

export interface PartitionInfo {
  name: string;
  /** The UTC day the partition holds, YYYY-MM-DD. */
  day: string;
  bytes: number;
  /** Postgres' row estimate (from the last ANALYZE). */
  rowsEstimate: number;
}

async function listPartitions(q: Pick<pg.Pool, 'query'>): Promise<PartitionInfo[]> {
  const r = await q.query<{ name: string; bytes: string; rows: number }>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes, greatest(c.reltuples, 0)::float8 AS rows
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'predictions'::regclass AND c.relname ~ '^predictions_[0-9]{8}$'
     ORDER BY c.relname`,
  );
  return r.rows.map((p) => ({ name: p.name, day: `${p.name.slice(12, 16)}-${p.name.slice(16, 18)}-${p.name.slice(18, 20)}`, bytes: Number(p.bytes), rowsEstimate: Math.round(p.rows) }));
}

/** The first UTC day that is kept. */
export function firstKeptDay(now: Date, retentionDays: number): string {
  return new Date(Math.floor(now.getTime() / DAY) * DAY - retentionDays * DAY).toISOString().slice(0, 10);
}

/** Drops the daily partitions wholly older than the retention; returns their names. */
export async function dropExpiredPartitions(pool: pg.Pool, retentionDays = env().VIGIL_PREDICTIONS_RETENTION_DAYS, now = new Date()): Promise<string[]> {
  const keepFrom = firstKeptDay(now, retentionDays);
  const dropped: string[] = [];
  for (const p of await listPartitions(pool)) {
    if (p.day >= keepFrom) continue;
    // Through the owner's SECURITY DEFINER function: the app role owns no table (migration 0019).
    await pool.query('SELECT vigil_drop_prediction_partition($1)', [p.name]);
    dropped.push(p.name);
    log.info({ partition: p.name, day: p.day, bytes: p.bytes, retentionDays }, 'dropped an expired prediction-log partition');
  }
  return dropped;
}

/**
 * Deletes the DEFAULT partition's rows from before the retention (rows whose day had no partition
 * when they arrived). Through the owner's function (migration 0027), which refuses recent days.
 */
export async function purgeExpiredDefaultRows(pool: pg.Pool, retentionDays = env().VIGIL_PREDICTIONS_RETENTION_DAYS, now = new Date()): Promise<number> {
  const keepFrom = firstKeptDay(now, retentionDays);
  const r = await pool.query<{ n: string }>('SELECT vigil_purge_default_predictions($1::date) AS n', [keepFrom]);
  const n = Number(r.rows[0].n);
  if (n > 0) log.info({ rows: n, keepFrom, retentionDays }, 'deleted expired rows from the prediction log default partition');
  return n;
}

/** What Settings shows: the retention and the partitions on disk. */
export async function retentionStatus(ctx: ServiceContext, pool: pg.Pool) {
  requirePermission(ctx, 'console.read');
  const retentionDays = env().VIGIL_PREDICTIONS_RETENTION_DAYS;
  const partitions = await listPartitions(pool);
  return { retentionDays, firstKeptDay: firstKeptDay(new Date(), retentionDays), partitions, totalBytes: partitions.reduce((s, p) => s + p.bytes, 0) };
}
