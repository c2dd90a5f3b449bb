// Quantiles of sorted data with numpy's default ("linear") method, reproduced operation for
// operation (including numpy's two-sided lerp) so results match numpy.quantile bit for bit
// in the usual case.

/** numpy 1.24 `_lerp`: a + (b-a)t, computed from the nearer end when t ≥ 0.5. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Quantile q ∈ [0, 1] of ascending, NaN-free `sorted` (length ≥ 1). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile level ${q} is outside [0, 1]`);
  const pos = q * (n - 1);
  let lo = Math.floor(pos);
  if (lo > n - 1) lo = n - 1;
  const hi = Math.min(lo + 1, n - 1);
  return lerp(sorted[lo], sorted[hi], pos - lo);
}

/** Ascending copy of the non-NaN values. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) m++;
  const out = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[k++] = values[i];
  return out.sort();
}
