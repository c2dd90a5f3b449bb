// numpy.quantile's default ('linear', Hyndman & Fan type 7) on an ascending sample, including
// numpy 1.24's lerp (for weights ≥ 0.5 it interpolates from the upper neighbour), so a quantile
// that should land on a data value lands on exactly that double — PSI bins depend on it.

export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile of an empty sample');
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return sorted[n - 1];
  if (virtual < 0) return sorted[0];
  const lo = Math.floor(virtual);
  const t = virtual - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
