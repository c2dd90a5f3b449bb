// One line of the prediction log, as spooled and as shipped into the `predictions` table.
import type { PredictionOutputs } from '@/server/scoring/task-outputs';

export interface PredictionRecord {
  id: string;
  ts: string;
  model_id: string;
  version_id: string;
  route: 'production' | 'canary' | 'shadow' | 'explicit' | 'batch';
  inputs: Record<string, unknown>;
  /** Per task (server/scoring/task-outputs.ts): binary {score, label}; multiclass {label, probabilities}; regression {prediction}. */
  outputs: PredictionOutputs;
  latency_ms: number;
  request_key: string | null;
  context: Record<string, unknown> | null;
}

const csvField = (v: string | null): string => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);

/** A CSV line for COPY … (FORMAT csv): empty unquoted = NULL, everything else quoted. */
export function recordToCsv(r: PredictionRecord): string {
  return [
    csvField(r.id),
    csvField(r.ts),
    csvField(r.model_id),
    csvField(r.version_id),
    csvField(r.route),
    csvField(JSON.stringify(r.inputs)),
    csvField(JSON.stringify(r.outputs)),
    String(r.latency_ms),
    csvField(r.request_key),
    csvField(r.context === null ? null : JSON.stringify(r.context)),
  ].join(',');
}

export const PREDICTION_COLUMNS = 'id, ts, model_id, version_id, route, inputs, outputs, latency_ms, request_key, context';
