// Feature binning for the histogram GBDT.
//
// Every cut is a float32 value and a value x falls in bin k when fround(x) ≤ cuts[k] and
// fround(x) > cuts[k−1]. A split "bin ≤ b" is therefore exactly the ONNX test
// `float(x) <= cuts[b]` (BRANCH_LEQ) that onnxruntime runs after casting the double features to
// float, for training rows and unseen rows alike: the trained model and its export cannot disagree
// on which side a row goes. NaN fails every `<=` and lands in the last bin, i.e. always on the
// false (right) side, which is also what TreeEnsemble does when missing values do not track true.

export interface FeatureBins {
  /** Ascending float32 cut values per feature; feature f has cuts[f].length + 1 bins. */
  cuts: Float32Array[];
  /** Row-major n × d bin indices. */
  bins: Uint8Array;
  n: number;
  d: number;
}

/**
 * A float32 threshold t with a ≤ t < b for float32 a < b: the midpoint when it is representable
 * strictly below b (generalises better to unseen values than cutting at a), else a itself.
 */
export function cutBetween(a: number, b: number): number {
  const m = Math.fround((a + b) / 2);
  return m < b && m >= a ? m : a;
}

/**
 * Cut points for one column, from its non-NaN float32 values sorted ascending. With at most
 * maxBins distinct values every distinct value gets its own bin; otherwise bins hold roughly
 * equal row counts (quantiles), cutting only between distinct values so a heavy value is never
 * split across bins.
 */
export function columnCuts(sorted: Float32Array, maxBins: number): Float32Array {
  const n = sorted.length;
  if (n === 0) return new Float32Array(0);
  // Distinct values and their counts.
  const vals: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i];
    if (vals.length > 0 && vals[vals.length - 1] === v) counts[counts.length - 1]++;
    else {
      vals.push(v);
      counts.push(1);
    }
  }
  const m = vals.length;
  const cuts: number[] = [];
  if (m <= maxBins) {
    for (let k = 0; k + 1 < m; k++) cuts.push(cutBetween(vals[k], vals[k + 1]));
  } else {
    // Greedy quantiles: close a bin once the cumulative count reaches the next j·n/maxBins.
    let cum = 0;
    let j = 1;
    for (let k = 0; k + 1 < m && cuts.length < maxBins - 1; k++) {
      cum += counts[k];
      if (cum >= (j * n) / maxBins) {
        cuts.push(cutBetween(vals[k], vals[k + 1]));
        while (j < maxBins && cum >= (j * n) / maxBins) j++;
      }
    }
  }
  return Float32Array.from(cuts);
}

/** Bin index of a float32 value: the first k with v ≤ cuts[k], else cuts.length (NaN included). */
export function binOf(cuts: Float32Array, v: number): number {
  if (!(v <= cuts[cuts.length - 1])) return cuts.length; // also NaN and empty cuts
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= cuts[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Computes cuts on the training matrix (row-major n × d doubles) and bins it. */
export function binFeatures(values: Float64Array, n: number, d: number, maxBins: number): FeatureBins {
  if (maxBins > 256) throw new Error('max_bins must be ≤ 256 (bins are stored as uint8)');
  const cuts: Float32Array[] = [];
  const bins = new Uint8Array(n * d);
  const col = new Float32Array(n);
  for (let f = 0; f < d; f++) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.fround(values[i * d + f]);
      if (v === v) col[k++] = v;
    }
    const sorted = col.subarray(0, k).sort();
    const c = columnCuts(sorted, maxBins);
    cuts.push(c);
    for (let i = 0; i < n; i++) bins[i * d + f] = binOf(c, Math.fround(values[i * d + f]));
  }
  return { cuts, bins, n, d };
}
