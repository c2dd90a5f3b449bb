// Small order-fixed statistics used to fit a feature spec. Conventions follow numpy so the
// fitted values can be checked against it: median averages the two middle values; quantiles
// interpolate linearly between order statistics (numpy's default 'linear' method).

export function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

/** Population standard deviation (ddof 0), two-pass for accuracy. */
export function populationStd(v: ArrayLike<number>, m = mean(v)): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) * (v[i] - m);
  return Math.sqrt(s / v.length);
}

export function sortedCopy(v: ArrayLike<number>): Float64Array {
  return Float64Array.from(v).sort();
}

/** Quantile q ∈ [0, 1] of ascending-sorted values. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

export function median(v: ArrayLike<number>): number {
  const s = sortedCopy(v);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
