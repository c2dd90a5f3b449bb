// First Wasserstein (earth mover's) distance between two one-dimensional distributions,
// ∫ |F_u − F_v| dx — scipy.stats.wasserstein_distance(u, v, u_weights, v_weights). The weighted
// form lets the monitor compute it from rolled-up (value, count) pairs instead of raw rows.
// For drift it is normalised by the reference's standard deviation (ddof 0), floored at 0.001.
import { CompensatedSum } from './sum';

export interface WeightedSample {
  values: ArrayLike<number>;
  /** Non-negative weights, one per value; omitted means all 1. */
  weights?: ArrayLike<number>;
}

interface Sorted {
  x: Float64Array;
  /** Cumulative weight after each sorted value. */
  cum: Float64Array;
  total: number;
}

function sortWeighted(s: WeightedSample): Sorted {
  const n = s.values.length;
  if (s.weights && s.weights.length !== n) throw new Error('wasserstein: values and weights differ in length');
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.values[a] - s.values[b]);
  const x = new Float64Array(n);
  const cum = new Float64Array(n);
  const acc = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const w = s.weights ? s.weights[idx[i]] : 1;
    if (!(w >= 0)) throw new Error('wasserstein: weights must be non-negative');
    if (Number.isNaN(s.values[idx[i]])) throw new Error('wasserstein: NaN value');
    x[i] = s.values[idx[i]];
    acc.add(w);
    cum[i] = acc.value();
  }
  const total = n ? cum[n - 1] : 0;
  return { x, cum, total };
}

export function wassersteinDistance(u: WeightedSample, v: WeightedSample): number {
  const a = sortWeighted(u);
  const b = sortWeighted(v);
  if (!(a.total > 0 && b.total > 0)) throw new Error('wasserstein: both samples need positive total weight');
  // Walk the merged distinct values; between consecutive ones both CDFs are constant.
  let i = 0;
  let j = 0;
  const acc = new CompensatedSum();
  let prev = NaN;
  let fu = 0;
  let fv = 0;
  while (i < a.x.length || j < b.x.length) {
    const x = j >= b.x.length || (i < a.x.length && a.x[i] <= b.x[j]) ? a.x[i] : b.x[j];
    if (!Number.isNaN(prev)) acc.add(Math.abs(fu - fv) * (x - prev));
    while (i < a.x.length && a.x[i] <= x) i++;
    while (j < b.x.length && b.x[j] <= x) j++;
    fu = i ? a.cum[i - 1] / a.total : 0;
    fv = j ? b.cum[j - 1] / b.total : 0;
    prev = x;
  }
  return acc.value();
}

/** Weighted population standard deviation (ddof = 0), two-pass. */
export function weightedStd(s: WeightedSample): number {
  const n = s.values.length;
  const sw = new CompensatedSum();
  const swx = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const w = s.weights ? s.weights[i] : 1;
    sw.add(w);
    swx.add(w * s.values[i]);
  }
  const total = sw.value();
  if (!(total > 0)) throw new Error('std of an empty sample');
  const mean = swx.value() / total;
  const ss = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const w = s.weights ? s.weights[i] : 1;
    const d = s.values[i] - mean;
    ss.add(w * d * d);
  }
  return Math.sqrt(ss.value() / total);
}

export const WASSERSTEIN_MIN_STD = 0.001;

/** Wasserstein distance divided by max(std(reference), 0.001). */
export function normalizedWasserstein(reference: WeightedSample, current: WeightedSample): number {
  return wassersteinDistance(reference, current) / Math.max(weightedStd(reference), WASSERSTEIN_MIN_STD);
}
