// The batch transform used in training: raw inputs → row-major feature matrix, with a fitted
// spec. The ONNX preprocessing (./onnx-preprocess.ts) computes the same columns in the same order.
import type { FeatureMatrix } from '../trainers/types';
import type { RawInputs } from './raw-inputs';
import { applyElementwise, bucketIndex, featureColumnNames, missingStat } from './pipeline';
import type { FeatureSpec } from './spec';

/** Column-major blocks, one per feature; each block is `width` arrays of n values. */
function featureBlocks(spec: FeatureSpec, raw: RawInputs): { names: string[]; cols: Float64Array[] } {
  const inputs = new Map(spec.inputs.map((i) => [i.name, i]));
  const names: string[] = [];
  const cols: Float64Array[] = [];
  for (const f of spec.features) {
    const input = inputs.get(f.input)!;
    const col = raw.columns.get(f.input);
    if (!col) throw new Error(`no data for input '${f.input}'`);
    names.push(...featureColumnNames(f, input));
    if (input.type === 'categorical') {
      const t = f.transforms[0];
      const cats = (t.op === 'one_hot' && t.categories) || missingStat(`one_hot categories of '${f.input}'`);
      const pos = new Map(cats.map((c, k) => [c, k]));
      const block = cats.map(() => new Float64Array(raw.n));
      (col as (string | null)[]).forEach((v, i) => {
        const k = v === null ? undefined : pos.get(v);
        if (k !== undefined) block[k][i] = 1; // unknown or missing → all zeros
      });
      cols.push(...block);
      continue;
    }
    // null once a one-hot bucketize has emitted the feature's block (bucketize is always last).
    let x: Float64Array | null = col as Float64Array;
    for (const t of f.transforms) {
      if (!x) break;
      if (t.op !== 'bucketize') {
        x = applyElementwise(t, x);
        continue;
      }
      const b = t.boundaries ?? missingStat(`bucketize boundaries of '${f.input}'`);
      const idx = new Float64Array(raw.n);
      for (let i = 0; i < raw.n; i++) idx[i] = bucketIndex(b, x[i]);
      if (t.encoding === 'ordinal') {
        x = idx;
      } else {
        const block = Array.from({ length: b.length + 1 }, () => new Float64Array(raw.n));
        for (let i = 0; i < raw.n; i++) block[idx[i]][i] = 1;
        cols.push(...block);
        x = null;
      }
    }
    if (x) cols.push(x);
  }
  return { names, cols };
}

export function transformBatch(spec: FeatureSpec, raw: RawInputs): FeatureMatrix {
  const { names, cols } = featureBlocks(spec, raw);
  const n = raw.n;
  const d = cols.length;
  const values = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const c = cols[j];
    for (let i = 0; i < n; i++) values[i * d + j] = c[i];
  }
  return { values, n, d, featureNames: names };
}
