// Exporter parity for command trainers. A program may write `reference_outputs.json` beside
// model.onnx: `{"probability": [p0, p1, …]}`, its framework's own P(class 1) for the first rows of
// the features CSV (in order). Vigil scores the same rows with the exported graph in onnxruntime
// and fails the run when they differ by more than the tolerance, so an exporter that changed the
// model's meaning (an op lowered differently, a layer left in training mode) cannot ship. Without
// the file the check is skipped (the metrics say `reference_parity: null`).

export class ReferenceOutputsError extends Error {}

export interface ReferenceParity {
  rows: number;
  max_abs_probability_diff: number;
  /** 1-based row of the largest difference. */
  worst_row: number;
  tolerance: number;
}

/** The file's probabilities; throws ReferenceOutputsError naming the field when its shape is wrong. */
export function parseReferenceOutputs(text: string, maxRows: number): Float64Array {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ReferenceOutputsError(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ReferenceOutputsError('must be a JSON object');
  const p = (v as Record<string, unknown>).probability;
  if (!Array.isArray(p)) throw new ReferenceOutputsError('probability must be an array of numbers');
  if (p.length === 0) throw new ReferenceOutputsError('probability is empty');
  if (p.length > maxRows) throw new ReferenceOutputsError(`probability has ${p.length} values, more than the ${maxRows} rows of the features CSV`);
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const x = p[i];
    if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw new ReferenceOutputsError(`probability[${i}] must be a number in [0, 1], got ${JSON.stringify(x)?.slice(0, 40)}`);
    out[i] = x;
  }
  return out;
}

/** Largest |reference - scored| over the reference rows (scored: onnxruntime on the program's graph). */
export function compareReference(reference: Float64Array, scored: Float64Array, tolerance: number): ReferenceParity {
  let max = 0;
  let worst = 0;
  for (let i = 0; i < reference.length; i++) {
    const diff = Math.abs(reference[i] - scored[i]);
    if (diff > max) {
      max = diff;
      worst = i;
    }
  }
  return { rows: reference.length, max_abs_probability_diff: max, worst_row: worst + 1, tolerance };
}
