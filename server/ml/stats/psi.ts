// Population stability index. Numeric values are binned by the reference's deciles
// (edges = 10%…90% quantiles, numpy 'linear', duplicates removed; bins (−∞, e1], (e1, e2], …,
// (ek, +∞)); categorical values get one bin per category. Proportions are floored at 0.0001
// (without renormalising) so empty bins stay finite: PSI = Σ (cur − ref)·ln(cur / ref).
import { quantileSorted } from './quantile';
import { CompensatedSum } from './sum';

export const PSI_MIN_PROPORTION = 0.0001;

/** Distinct decile edges of an ascending, non-empty reference sample. */
export function psiEdges(sortedReference: ArrayLike<number>): number[] {
  const edges: number[] = [];
  for (let k = 1; k <= 9; k++) {
    const e = quantileSorted(sortedReference, k / 10);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** Bin of x: the number of edges strictly below x, so x = e_i falls in (e_{i−1}, e_i]. */
export function psiBin(edges: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts per bin (edges.length + 1 bins); NaN values are skipped. */
export function psiBinCounts(edges: ArrayLike<number>, values: ArrayLike<number>): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) counts[psiBin(edges, values[i])]++;
  }
  return counts;
}

/** PSI from counts per bin (or category), over the same bins. */
export function psiFromCounts(refCounts: ArrayLike<number>, curCounts: ArrayLike<number>): number {
  if (refCounts.length !== curCounts.length) throw new Error('psi: count vectors differ in length');
  let nRef = 0;
  let nCur = 0;
  for (let i = 0; i < refCounts.length; i++) {
    nRef += refCounts[i];
    nCur += curCounts[i];
  }
  if (!(nRef > 0 && nCur > 0)) throw new Error('psi: both samples must be non-empty');
  const acc = new CompensatedSum();
  for (let i = 0; i < refCounts.length; i++) {
    const r = Math.max(refCounts[i] / nRef, PSI_MIN_PROPORTION);
    const c = Math.max(curCounts[i] / nCur, PSI_MIN_PROPORTION);
    acc.add((c - r) * Math.log(c / r));
  }
  return acc.value();
}

/** PSI of two numeric samples (ascending reference; NaN dropped from current). */
export function psiNumeric(sortedReference: ArrayLike<number>, current: ArrayLike<number>): number {
  const edges = psiEdges(sortedReference);
  return psiFromCounts(psiBinCounts(edges, sortedReference), psiBinCounts(edges, current));
}
