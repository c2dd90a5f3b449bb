// Scores validated rows on a loaded version and builds their prediction-log records.
import crypto from 'node:crypto';
import type { PredictionRecord } from '@/server/serving/prediction-record';
import type { ValidatedBatch } from '@/server/serving/input-validation';
import type { LoadedVersion } from './load-version';
import { outputsOf } from './task-outputs';

export async function scoreBatch(
  v: LoadedVersion,
  batch: ValidatedBatch,
  route: PredictionRecord['route'],
  meta: { requestKey: string | null; context: (Record<string, unknown> | null)[] | null; started: number },
): Promise<{ /** n × width values (./task-outputs.ts). */ scores: Float64Array; records: PredictionRecord[] }> {
  const scores = await v.batcher.score(batch.n, batch.columns);
  const ts = new Date().toISOString();
  const latency = performance.now() - meta.started;
  const records: PredictionRecord[] = new Array(batch.n);
  for (let i = 0; i < batch.n; i++) {
    records[i] = {
      id: crypto.randomUUID(),
      ts,
      model_id: v.modelId,
      version_id: v.versionId,
      route,
      inputs: batch.rows[i],
      outputs: outputsOf(v.signature.output, scores, i),
      latency_ms: Math.round(latency * 1000) / 1000,
      request_key: meta.requestKey,
      context: meta.context?.[i] ?? null,
    };
  }
  return { scores, records };
}
