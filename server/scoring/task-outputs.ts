// What a scored row means, per task, in one place: the values read from the session's output
// tensor, the decision made from them, and how they are logged, answered (JSON and OIP) and
// written to a CSV (batch scoring, `vigil predict`).
//
// Scores travel as a row-major Float64Array of n × width: width 1 for binary (P(class 1)) and
// regression (the value), k for multiclass (the class probabilities, in the model's class order).
import type * as ort from 'onnxruntime-node';
import { outputWidth, type TaskOutputs } from '@/server/ml/onnx/signature';

/** The cut-off a binary prediction's label is decided with. */
export const DECISION_THRESHOLD = 0.5;

export type PredictionOutputs =
  | { score: number; label: number }
  | { label: string; probabilities: Record<string, number> }
  | { prediction: number };

/** Reads n rows of values from the session's result (see the top of the file). */
export function readScores(o: TaskOutputs, result: Record<string, ort.Tensor>, rows: number): Float64Array {
  const t = result[o.name];
  if (!t) throw new Error(`the session returned no output '${o.name}'`);
  const data = t.data as Float32Array | Float64Array;
  if (o.task === 'binary') {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = data[i * o.width + o.column];
    return out;
  }
  const w = outputWidth(o);
  if (data.length !== rows * w) throw new Error(`output '${o.name}' holds ${data.length} values for ${rows} rows; expected ${rows * w}`);
  return Float64Array.from(data);
}

/** Index of the largest probability of row i (ties: the first class, as ONNX ArgMax). */
export function argMax(values: Float64Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (values[i * k + c] > values[i * k + best]) best = c;
  return best;
}

/** The logged (and answered) outputs of row i. */
export function outputsOf(o: TaskOutputs, values: Float64Array, i: number): PredictionOutputs {
  if (o.task === 'binary') return { score: values[i], label: values[i] >= DECISION_THRESHOLD ? 1 : 0 };
  if (o.task === 'regression') return { prediction: values[i] };
  const k = o.classes.length;
  const probabilities: Record<string, number> = {};
  for (let c = 0; c < k; c++) probabilities[o.classes[c]] = values[i * k + c];
  return { label: o.classes[argMax(values, i, k)], probabilities };
}

/** CSV columns a task appends after the input's columns (batch scoring and `vigil predict`). */
export function outputColumns(o: TaskOutputs): string[] {
  if (o.task === 'multiclass') return [...o.classes.map((c) => `p_${c}`), 'label'];
  return [o.task === 'regression' ? 'prediction' : 'score'];
}

/** The cells of row i under outputColumns (binary: the score; its label is the caller's). */
export function outputCells(o: TaskOutputs, values: Float64Array, i: number): string[] {
  if (o.task !== 'multiclass') return [String(values[i])];
  const k = o.classes.length;
  const cells: string[] = [];
  for (let c = 0; c < k; c++) cells.push(String(values[i * k + c]));
  cells.push(o.classes[argMax(values, i, k)]);
  return cells;
}

/**
 * The one number a feedback row keeps beside its label: binary P(class 1), the regression value,
 * or the multiclass probability of the predicted class.
 */
export function primaryValue(o: PredictionOutputs): number {
  if ('score' in o) return o.score;
  if ('prediction' in o) return o.prediction;
  return o.probabilities[o.label];
}

/** The same, read from a logged `outputs` jsonb column in SQL. */
export const PRIMARY_VALUE_SQL = (col: string) => `COALESCE((${col}->>'score')::float8, (${col}->>'prediction')::float8, (${col}->'probabilities'->>(${col}->>'label'))::float8)`;
