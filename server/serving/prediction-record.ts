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

/**
 * The record's spool line, written directly: the fixed-shape fields (ids, timestamps, route,
 * numbers) are put in place, and only the free-form values (inputs, outputs, request key,
 * context) go through JSON.stringify. Same text as JSON.stringify(r), field for field.
 */
export function recordLine(r: PredictionRecord): string {
  // ids are UUIDs and ts an ISO timestamp made by serving itself: nothing in them needs escaping.
  return `{"id":"${r.id}","ts":"${r.ts}","model_id":"${r.model_id}","version_id":"${r.version_id}","route":"${r.route}","inputs":${JSON.stringify(r.inputs)},"outputs":${JSON.stringify(r.outputs)},"latency_ms":${num(r.latency_ms)},"request_key":${r.request_key === null ? 'null' : JSON.stringify(r.request_key)},"context":${r.context === null ? 'null' : JSON.stringify(r.context)}}`;
}

/** A number as JSON.stringify writes it (NaN and ±Infinity are null). */
const num = (x: number): string => (Number.isFinite(x) ? String(x) : 'null');
