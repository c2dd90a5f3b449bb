import { pool } from '@/server/db/client';
import { QUEUES } from '../contract';
import type { ProcessorSpec } from './index';

/** Keeps a week of prediction-log partitions ahead (the serving process also does at start). */
export const maintenanceProcessor: ProcessorSpec = {
  queue: QUEUES.maintenance.name,
  async process() {
    const r = await pool().query<{ n: number }>('SELECT vigil_ensure_prediction_partitions(1, 7) AS n');
    return { partitionsCreated: r.rows[0].n };
  },
};
