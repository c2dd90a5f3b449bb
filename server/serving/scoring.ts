// Scores validated rows on a loaded version and builds their prediction-log records.
import crypto from 'node:crypto';
import type { LoadedVersion } from './loaded-version';
import type { PredictionRecord } from './prediction-record';
import type { ValidatedBatch } from './input-validation';

export const DECISION_THRESHOLD = 0.5;

export async function scoreBatch(
  v: LoadedVersion,
  batch: ValidatedBatch,
  route: PredictionRecord['route'],
  meta: { requestKey: string | null; context: (Record<string, unknown> | null)[] | null; started: number },
): Promise<{ scores: Float64Array; records: PredictionRecord[] }> {
  const scores = await v.batcher.score(batch.n, batch.columns);
  const ts = new Date().toISOString();
  const latency = performance.now() - meta.started;
  const records: PredictionRecord[] = new Array(batch.n);
  for (let i = 0; i < batch.n; i++) {
    const score = scores[i];
    records[i] = {
      id: crypto.randomUUID(),
      ts,
      model_id: v.modelId,
      version_id: v.versionId,
      route,
      inputs: batch.rows[i],
      outputs: { score, label: score >= DECISION_THRESHOLD ? 1 : 0 },
      latency_ms: Math.round(latency * 1000) / 1000,
      request_key: meta.requestKey,
      context: meta.context?.[i] ?? null,
    };
  }
  return { scores, records };
}
