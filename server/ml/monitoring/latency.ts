// Latency rollups: counts per bucket (upper bounds in ms; the last bucket is open-ended).
export const LATENCY_BOUNDS_MS = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, Infinity];

export function latencyBucket(ms: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (ms <= LATENCY_BOUNDS_MS[i]) return i;
  return LATENCY_BOUNDS_MS.length - 1;
}

/**
 * The q-quantile estimated from bucket counts by linear interpolation inside the bucket (as
 * Prometheus' histogram_quantile does); null without data. The open last bucket reports its
 * lower bound.
 */
export function latencyQuantile(counts: number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (seen + counts[i] >= rank && counts[i] > 0) {
      const lo = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
      const hi = LATENCY_BOUNDS_MS[i];
      if (!Number.isFinite(hi)) return lo;
      return lo + (hi - lo) * ((rank - seen) / counts[i]);
    }
    seen += counts[i];
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 2];
}
