// Jensen–Shannon distance (natural log) between the category proportions of two samples:
// scipy.spatial.distance.jensenshannon(p_ref, p_cur), i.e. sqrt((KL(p‖m) + KL(q‖m)) / 2) with
// m = (p + q)/2. Between 0 and sqrt(ln 2) ≈ 0.8326 (disjoint supports).
import { CompensatedSum, neumaierSum } from './sum';

function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/** From counts (or any non-negative weights) per category, over the same categories. */
export function jensenShannonDistance(refCounts: ArrayLike<number>, curCounts: ArrayLike<number>): number {
  if (refCounts.length !== curCounts.length) throw new Error('jensenshannon: count vectors differ in length');
  const nRef = neumaierSum(refCounts);
  const nCur = neumaierSum(curCounts);
  if (!(nRef > 0 && nCur > 0)) throw new Error('jensenshannon: both samples must be non-empty');
  const k = refCounts.length;
  // Proportions, then renormalised by their sum as scipy does with the vectors it is given.
  const p = new Float64Array(k);
  const q = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    p[i] = refCounts[i] / nRef;
    q[i] = curCounts[i] / nCur;
  }
  const sp = neumaierSum(p);
  const sq = neumaierSum(q);
  const acc = new CompensatedSum();
  for (let i = 0; i < k; i++) {
    const pi = p[i] / sp;
    const qi = q[i] / sq;
    const m = (pi + qi) / 2;
    acc.add(relEntr(pi, m));
    acc.add(relEntr(qi, m));
  }
  const js = acc.value() / 2;
  // Rounding can leave a tiny negative value for identical distributions.
  return Math.sqrt(Math.max(js, 0));
}
