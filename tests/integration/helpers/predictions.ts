// Writes predictions straight into the log through the shipper's COPY path (as a serving
// replica would), for tests that need traffic without a serving process.
import { primaryValue } from '@/server/scoring/task-outputs';
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { db, pool } from '@/server/db/client';
import { models, modelVersions } from '@/server/db/schema';
import { copyRecords } from '@/server/serving/log-shipper';
import type { PredictionRecord } from '@/server/serving/prediction-record';

export async function modelAndVersion(name: string, version = 1) {
  const [m] = await db().select().from(models).where(eq(models.name, name));
  const [v] = await db().select().from(modelVersions).where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, version)));
  return { modelId: m.id, versionId: v.id };
}

export async function logPredictions(
  modelId: string,
  versionId: string,
  n: number,
  opts: { route?: PredictionRecord['route']; latencyMs?: number; row?: (i: number) => Pick<PredictionRecord, 'inputs' | 'outputs'> & { context?: PredictionRecord['context'] } } = {},
): Promise<PredictionRecord[]> {
  const records: PredictionRecord[] = Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    ts: new Date(Date.now() - (i % 5) * 1000).toISOString(),
    model_id: modelId,
    version_id: versionId,
    route: opts.route ?? 'production',
    inputs: { x1: i % 7, x2: 1, region: 'north' },
    outputs: { score: 0.3, label: 0 },
    latency_ms: opts.latencyMs ?? 3,
    request_key: null,
    context: null,
    ...opts.row?.(i),
  }));
  const client = await pool().connect();
  try {
    await copyRecords(client, records);
  } finally {
    client.release();
  }
  return records;
}

/** Labels logged predictions (as the feedback endpoint would), the label of each from `label`. */
export async function logFeedback(records: readonly PredictionRecord[], label: (r: PredictionRecord, i: number) => number) {
  const values = records.map((r, i) => sql`(${r.id}::uuid, ${r.ts}::timestamptz, ${r.model_id}::uuid, ${r.version_id}::uuid, ${label(r, i)}, ${primaryValue(r.outputs)}, ${r.route})`);
  await db().execute(sql`INSERT INTO prediction_feedback (prediction_id, prediction_ts, model_id, version_id, label, score, route) VALUES ${sql.join(values, sql`, `)}`);
}
