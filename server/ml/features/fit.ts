// Fits the statistics a spec leaves out on the training rows and returns the fitted spec, with
// every default written out (max_categories, encoding) so its hash says exactly what it does.
// Given statistics are kept as they are.
import { compareCodePoint } from '../data/table';
import type { RawInputs } from './raw-inputs';
import { applyElementwise } from './pipeline';
import { DEFAULT_MAX_CATEGORIES, SPEC_LIMITS, type FeatureDef, type FeatureSpec, type InputSpec, type TransformSpec } from './spec';
import { mean, median, populationStd, quantileSorted, sortedCopy } from './stats';

export function fitSpec(spec: FeatureSpec, raw: RawInputs): FeatureSpec {
  if (raw.n === 0) throw new Error('cannot fit a feature spec on zero rows');
  const inputs = new Map(spec.inputs.map((i) => [i.name, i]));
  return {
    version: spec.version,
    inputs: spec.inputs.map((i) => structuredClone(i)),
    features: spec.features.map((f) => fitFeature(f, inputs.get(f.input)!, raw)),
  };
}

function fitFeature(f: FeatureDef, input: InputSpec, raw: RawInputs): FeatureDef {
  const col = raw.columns.get(f.input);
  if (!col) throw new Error(`no data for input '${f.input}'`);
  if (input.type === 'categorical') {
    const t = f.transforms[0];
    if (t.op !== 'one_hot') throw new Error(`feature on '${f.input}': categorical input needs one_hot`);
    const max = t.max_categories ?? DEFAULT_MAX_CATEGORIES;
    // A value longer than a spec may hold is left out (it one-hots to zeros, like an unseen one).
    const values = (col as (string | null)[]).map((v) => (v !== null && v.length > SPEC_LIMITS.maxCategoryLength ? null : v));
    const categories = t.categories ?? topCategories(values, max);
    return { ...f, transforms: [{ op: 'one_hot', max_categories: max, categories }] };
  }
  let x = col as Float64Array;
  const fitted: TransformSpec[] = [];
  for (const t0 of f.transforms) {
    let t: TransformSpec = { ...t0 };
    if (t.op === 'impute' && t.value === undefined) {
      const present = x.filter((v) => !Number.isNaN(v));
      // A column with no value at all imputes 0: there is nothing better to learn from it.
      t.value = present.length === 0 ? 0 : t.strategy === 'mean' ? mean(present) : median(present);
    } else if (t.op === 'standardize' && (t.mean === undefined || t.std === undefined)) {
      const m = t.mean ?? mean(x);
      const s = t.std ?? populationStd(x, m);
      t = { ...t, mean: m, std: s > 0 && Number.isFinite(s) ? s : 1 };
    } else if (t.op === 'bucketize') {
      t.encoding = t.encoding ?? 'one_hot';
      if (!t.boundaries) t.boundaries = quantileBoundaries(x, t.n_buckets!);
    }
    if (t.op !== 'bucketize') x = applyElementwise(t, x);
    if (t.op === 'standardize' || t.op === 'impute') {
      for (let i = 0; i < x.length; i++) {
        if (Number.isNaN(x[i])) throw new Error(`feature '${f.input}': a value is missing or not a number after ${t.op}`);
      }
    }
    fitted.push(t);
  }
  return { ...f, transforms: fitted };
}

/** Interior quantiles j / n (j = 1 … n-1), duplicates dropped, so boundaries stay strictly increasing. */
function quantileBoundaries(x: Float64Array, nBuckets: number): number[] {
  const s = sortedCopy(x.filter((v) => !Number.isNaN(v)));
  if (s.length === 0) return [0];
  const out: number[] = [];
  for (let j = 1; j < nBuckets; j++) {
    const q = quantileSorted(s, j / nBuckets);
    if (out.length === 0 || q > out[out.length - 1]) out.push(q);
  }
  return out;
}

/** The `max` most frequent non-missing values (ties by code point), returned sorted by code point. */
export function topCategories(values: (string | null)[], max: number): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || compareCodePoint(a[0], b[0]))
    .slice(0, max)
    .map(([v]) => v)
    .sort(compareCodePoint);
}
