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
  // Runs of equal values are walked in place (no arrays of distinct values and counts: a column
  // can have as many distinct values as rows).
  let m = 1;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) m++;
  const cuts: number[] = [];
  if (m <= maxBins) {
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) cuts.push(cutBetween(sorted[i - 1], sorted[i]));
  } else {
    // Greedy quantiles: close a bin once the cumulative count reaches the next j·n/maxBins.
    // i is the end of the current run (exclusive), so i rows are ≤ its value.
    let j = 1;
    for (let i = 1; i < n && cuts.length < maxBins - 1; i++) {
      if (sorted[i] === sorted[i - 1]) continue;
      const cum = i;
      if (cum >= (j * n) / maxBins) {
        cuts.push(cutBetween(sorted[i - 1], sorted[i]));
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

/** Order-preserving uint32 key of float32 bits (−0 folded into +0: equal floats get equal keys). */
function floatKey(bits: number): number {
  if (bits === 0x80000000) bits = 0;
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

function keyFloatBits(key: number): number {
  return key & 0x80000000 ? (key & 0x7fffffff) >>> 0 : ~key >>> 0;
}

/**
 * Sorts NaN-free float32 values ascending in place (−0 becomes +0) by an LSD radix sort of their
 * order-preserving keys: three 11-bit passes, ~5× faster than the native typed-array sort at 200k
 * values, and the same order. `tmp` holds ≥ n entries, `counts` ≥ 3 × 2048.
 */
export function sortFloat32(values: Float32Array, tmp: Uint32Array, counts: Uint32Array): void {
  const n = values.length;
  const keys = new Uint32Array(values.buffer, values.byteOffset, n);
  const other = tmp.subarray(0, n);
  // One pass turns the floats into keys (in `other`) and counts all three digits; then three
  // scatter passes, other → keys → other → keys, the last one turning keys back into floats.
  if (counts.length < 3 * 2048) throw new Error('sortFloat32 needs 3 × 2048 counters');
  counts.fill(0, 0, 3 * 2048);
  for (let i = 0; i < n; i++) {
    const k = floatKey(keys[i]);
    other[i] = k;
    counts[k & 2047]++;
    counts[2048 + ((k >>> 11) & 2047)]++;
    counts[4096 + (k >>> 22)]++;
  }
  for (let pass = 0; pass < 3; pass++) {
    let acc = 0;
    for (let b = pass * 2048; b < (pass + 1) * 2048; b++) {
      const c = counts[b];
      counts[b] = acc;
      acc += c;
    }
  }
  for (let i = 0; i < n; i++) {
    const k = other[i];
    keys[counts[k & 2047]++] = k;
  }
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    other[counts[2048 + ((k >>> 11) & 2047)]++] = k;
  }
  for (let i = 0; i < n; i++) {
    const k = other[i];
    keys[counts[4096 + (k >>> 22)]++] = keyFloatBits(k);
  }
}

/** Features extracted per pass over the row-major matrix (one pass reads every row's cache line once). */
const BLOCK = 8;

/** binOf of every float32 value of `col` into bins[f], bins[f + d], … (row-major n × d). */
function binColumn(col: Float32Array, cuts: Float32Array, bins: Uint8Array, f: number, d: number): void {
  const last = cuts.length > 0 ? cuts[cuts.length - 1] : Number.NaN;
  for (let i = 0, p = f; i < col.length; i++, p += d) {
    const v = col[i];
    // Inline binOf: values above the last cut (and NaN) take the last bin without a search.
    if (!(v <= last)) {
      bins[p] = cuts.length;
      continue;
    }
    let lo = 0;
    let hi = cuts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= cuts[mid]) hi = mid;
      else lo = mid + 1;
    }
    bins[p] = lo;
  }
}

/**
 * Computes cuts on the training matrix (row-major n × d doubles) and bins it. The bins live in a
 * SharedArrayBuffer so histogram threads read them without a copy. Columns are read BLOCK at a time
 * into float32 buffers, so the matrix is read once per block rather than twice per feature.
 */
export function binFeatures(values: Float64Array, n: number, d: number, maxBins: number): FeatureBins {
  if (maxBins > 256) throw new Error('max_bins must be ≤ 256 (bins are stored as uint8)');
  const cuts: Float32Array[] = [];
  const bins = new Uint8Array(new SharedArrayBuffer(n * d));
  const block = Math.min(BLOCK, d);
  const cols = Array.from({ length: block }, () => new Float32Array(n));
  const sorted = new Float32Array(n);
  const tmp = new Uint32Array(n);
  const counts = new Uint32Array(3 * 2048);
  for (let f0 = 0; f0 < d; f0 += block) {
    const w = Math.min(block, d - f0);
    for (let i = 0, p = f0; i < n; i++, p += d) for (let j = 0; j < w; j++) cols[j][i] = values[p + j]; // float32, as fround
    for (let j = 0; j < w; j++) {
      const col = cols[j];
      let k = 0;
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (v === v) sorted[k++] = v;
      }
      const present = sorted.subarray(0, k);
      sortFloat32(present, tmp, counts);
      const c = columnCuts(present, maxBins);
      cuts.push(c);
      binColumn(col, c, bins, f0 + j, d);
    }
  }
  return { cuts, bins, n, d };
}
