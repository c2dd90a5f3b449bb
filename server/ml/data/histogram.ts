// Decile bins shared by column profiles (the UI histogram) and binned drift tests, so the
// reference profile and a later window are always counted into the same bins.
import { quantileSorted } from './quantile';

/**
 * Interior deciles (levels 0.1 … 0.9) of ascending `sorted`, duplicates removed. k edges make
 * k + 1 bins: (-inf, e1], (e1, e2], …, (ek, +inf). Empty input gives no edges (one bin).
 */
export function decileEdges(sorted: ArrayLike<number>): number[] {
  const edges: number[] = [];
  if (sorted.length === 0) return edges;
  for (let k = 1; k <= 9; k++) {
    const e = quantileSorted(sorted, k / 10);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** Index of the bin (-inf, e1], (e1, e2], …, (ek, +inf) holding v: the number of edges below v. */
export function binIndex(edges: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts of the non-NaN values per bin; length edges.length + 1. */
export function binCounts(values: ArrayLike<number>, edges: ArrayLike<number>): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) counts[binIndex(edges, v)]++;
  }
  return counts;
}
