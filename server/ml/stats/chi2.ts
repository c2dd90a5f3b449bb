// Chi-squared test of independence on the 2×K table (reference counts, current counts) without
// continuity correction — scipy.stats.chi2_contingency(table, correction=False). Takes counts,
// so it serves both raw samples (after counting categories) and per-minute rollups.
import { chi2Sf } from './special';
import { CompensatedSum } from './sum';

export interface Chi2Result {
  statistic: number;
  pValue: number;
  dof: number;
}

/**
 * refCounts[k], curCounts[k]: counts of category k on each side, over the same categories.
 * Categories with zero count on both sides are ignored (they are not part of the union).
 * Both sides must have a positive total. With a single category the table is degenerate:
 * statistic 0, p-value 1 (as scipy).
 */
export function chi2Contingency(refCounts: ArrayLike<number>, curCounts: ArrayLike<number>): Chi2Result {
  if (refCounts.length !== curCounts.length) throw new Error('chi2: count vectors differ in length');
  const cols: number[] = [];
  let nRef = 0;
  let nCur = 0;
  for (let k = 0; k < refCounts.length; k++) {
    if (refCounts[k] < 0 || curCounts[k] < 0) throw new Error('chi2: negative count');
    if (refCounts[k] + curCounts[k] > 0) cols.push(k);
    nRef += refCounts[k];
    nCur += curCounts[k];
  }
  if (!(nRef > 0 && nCur > 0)) throw new Error('chi2: both samples must be non-empty');
  const dof = cols.length - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof: 0 };
  const total = nRef + nCur;
  const stat = new CompensatedSum();
  for (const k of cols) {
    const colSum = refCounts[k] + curCounts[k];
    const eRef = (nRef * colSum) / total;
    const eCur = (nCur * colSum) / total;
    stat.add((refCounts[k] - eRef) ** 2 / eRef);
    stat.add((curCounts[k] - eCur) ** 2 / eCur);
  }
  const statistic = stat.value();
  return { statistic, pValue: chi2Sf(statistic, dof), dof };
}
