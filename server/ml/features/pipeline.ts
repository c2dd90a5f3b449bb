// The numeric transform steps, written once and shared by fitting (./fit.ts) and the batch
// transform (./transform.ts). Every step is the same IEEE operation the ONNX preprocessing
// (./onnx-preprocess.ts) performs, in the same order, so the two paths agree to rounding.
import { featureName, type FeatureDef, type InputSpec, type TransformSpec } from './spec';

/** Thrown when a transform needs a statistic that has not been fitted. */
export function missingStat(what: string): never {
  throw new Error(`feature spec is not fitted: ${what} is missing (call fitSpec first)`);
}

/** Applies an element-wise step (impute, clip, log1p, standardize) into a new array. */
export function applyElementwise(t: TransformSpec, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  switch (t.op) {
    case 'impute': {
      const c = t.value ?? missingStat('impute value');
      for (let i = 0; i < x.length; i++) out[i] = Number.isNaN(x[i]) ? c : x[i];
      return out;
    }
    case 'clip': {
      const lo = t.min ?? -Infinity;
      const hi = t.max ?? Infinity;
      for (let i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i], lo), hi);
      return out;
    }
    case 'log1p':
      // log(1 + x), not Math.log1p: ONNX has no Log1p, and the graph computes Log(Add(x, 1)).
      for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i] + 1);
      return out;
    case 'standardize': {
      const m = t.mean ?? missingStat('standardize mean');
      const s = t.std ?? missingStat('standardize std');
      for (let i = 0; i < x.length; i++) out[i] = (x[i] - m) / s;
      return out;
    }
    default:
      throw new Error(`${t.op} is not an element-wise transform`);
  }
}

/** Number of boundaries b with x >= b: the bucket index. */
export function bucketIndex(boundaries: number[], x: number): number {
  let k = 0;
  for (const b of boundaries) if (x >= b) k++;
  return k;
}

/** Output column names of a fitted feature, in order. */
export function featureColumnNames(f: FeatureDef, input: InputSpec): string[] {
  const base = featureName(f);
  const last = f.transforms[f.transforms.length - 1];
  if (input.type === 'categorical') {
    if (last?.op !== 'one_hot') throw new Error(`feature '${base}': categorical input needs one_hot`);
    const cats = last.categories ?? missingStat(`one_hot categories of '${base}'`);
    return cats.map((c) => `${base}=${c}`);
  }
  if (last?.op === 'bucketize') {
    const b = last.boundaries ?? missingStat(`bucketize boundaries of '${base}'`);
    if ((last.encoding ?? 'one_hot') === 'ordinal') return [base];
    return Array.from({ length: b.length + 1 }, (_, i) => `${base}=${i}`);
  }
  return [base];
}
