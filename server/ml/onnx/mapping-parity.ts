// Parity of an input-mapped model (./input-mapping.ts), as for built-in runs: the stored
// artifact on raw columns must give the same outputs (P(class 1), the class probabilities or the
// regression value) as the uploaded graph on the feature
// tensor the batch path (../features/transform.ts) computes from the same rows — within 1e-5.
// Disagreement means the prepended nodes do not mean what the mapping says (a column order, a
// statistic), and the upload is refused rather than served.
import * as ort from 'onnxruntime-node';
import type { RawInputs } from '../features/raw-inputs';
import type { FeatureSpec } from '../features/spec';
import { transformBatch } from '../features/transform';
import type { MappedModel } from './input-mapping';
import { rawFeeds } from './ort-feeds';
import { createCheckedSession } from './session';

export const MAPPING_PARITY_TOLERANCE = 1e-5;

export interface MappingParity {
  rows: number;
  maxAbsDiff: number;
  /** First row index where the two disagree beyond the tolerance; null when they agree. */
  firstMismatch: number | null;
}

export async function mappingParity(m: MappedModel, spec: FeatureSpec, raw: RawInputs): Promise<MappingParity> {
  const X = transformBatch(spec, raw);
  const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const mapped = await createCheckedSession(m.bytes, opts);
  try {
    const reference = await createCheckedSession(m.reference, opts);
    try {
      const x = m.input.elem === 'float' ? new ort.Tensor('float32', Float32Array.from(X.values), [X.n, X.d]) : new ort.Tensor('float64', Float64Array.from(X.values), [X.n, X.d]);
      const want = (await reference.run({ [m.input.name]: x }, [m.output]))[m.output].data as Float32Array;
      const got = (await mapped.run(rawFeeds(spec, raw, 0, raw.n), [m.output]))[m.output].data as Float32Array;
      // Every value of every row (k per row for a multiclass model); a mismatch is reported by row.
      const w = m.task === 'multiclass' ? m.score.width : 1;
      if (want.length !== raw.n * w || got.length !== raw.n * w) {
        throw new Error(`the model returns ${want.length / raw.n} value(s) per row, but the mapping expects ${w}${m.task === 'multiclass' ? ' (one per named class)' : ''}`);
      }
      let max = 0;
      let first: number | null = null;
      for (let j = 0; j < want.length; j++) {
        const i = Math.floor(j / w);
        const diff = Number.isNaN(want[j]) && Number.isNaN(got[j]) ? 0 : Math.abs(want[j] - got[j]);
        const bad = !(diff <= MAPPING_PARITY_TOLERANCE);
        if (bad && first === null) first = i;
        max = Number.isNaN(diff) ? Infinity : Math.max(max, diff);
      }
      return { rows: raw.n, maxAbsDiff: max, firstMismatch: first };
    } finally {
      await reference.release();
    }
  } finally {
    await mapped.release();
  }
}

/** Deterministic rows for a columns mapping uploaded without data: spread, distinct, finite. */
export function syntheticRows(spec: Pick<FeatureSpec, 'inputs'>, n = 64): RawInputs {
  const columns = new Map<string, Float64Array>();
  spec.inputs.forEach((inp, j) => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = Math.round(Math.sin(i * 12.9898 + j * 78.233 + 1) * 400) / 100;
    columns.set(inp.name, col);
  });
  return { n, columns };
}
