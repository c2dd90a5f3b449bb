import { db, pool } from '@/server/db/client';
import { failAbandonedExternalRuns } from '@/server/services/maintenance/abandoned-runs';
import { logger } from '@/server/observability/logger';
import { dropExpiredPartitions, purgeExpiredDefaultRows } from '@/server/services/maintenance/prediction-retention';
import { QUEUES } from '../contract';
import type { ProcessorSpec } from './index';

const log = logger({ component: 'maintenance' });

/**
 * Daily upkeep, each step on its own: a week of prediction-log partitions ahead (the serving
 * process also does at start), retention (old partitions dropped, old rows of the default
 * partition deleted), and external runs silent past their timeout failed. A failed step does not
 * stop the other; the job then fails so the queue retries it.
 */
export const maintenanceProcessor: ProcessorSpec = {
  queue: QUEUES.maintenance.name,
  async process() {
    const out: { partitionsCreated?: number; partitionsDropped?: string[]; defaultRowsPurged?: number; abandonedRuns?: number; failed: string[] } = { failed: [] };
    try {
      const r = await pool().query<{ n: number }>('SELECT vigil_ensure_prediction_partitions(1, 7) AS n');
      out.partitionsCreated = r.rows[0].n;
    } catch (e) {
      out.failed.push('partitions');
      log.error({ err: e }, 'could not create the prediction-log partitions ahead');
    }
    try {
      out.partitionsDropped = await dropExpiredPartitions(pool());
      out.defaultRowsPurged = await purgeExpiredDefaultRows(pool());
    } catch (e) {
      out.failed.push('retention');
      log.error({ err: e }, 'could not apply the prediction-log retention');
    }
    try {
      out.abandonedRuns = (await failAbandonedExternalRuns(db())).length;
    } catch (e) {
      out.failed.push('abandoned runs');
      log.error({ err: e }, 'could not fail the abandoned external runs');
    }
    if (out.failed.length) throw new Error(`maintenance failed: ${out.failed.join(', ')}`);
    return out;
  },
};
