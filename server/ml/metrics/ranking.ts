// Label counts per distinct score, from highest score to lowest: the one O(n log n) pass that
// AUC, ROC and PR curves are all read from. Positives' and negatives' scores are sorted
// separately as typed arrays (native numeric sort, no comparator calls) and then merged, which
// keeps 1M-row inputs fast.

export interface ScoreGroups {
  /** Distinct scores, descending. */
  thresholds: Float64Array;
  /** Positives (label 1) with exactly that score. */
  pos: Float64Array;
  /** Negatives (label 0) with exactly that score. */
  neg: Float64Array;
  totalPos: number;
  totalNeg: number;
}

export function groupByScore(y: ArrayLike<number>, score: ArrayLike<number>): ScoreGroups {
  let P = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) P++;
  const N = y.length - P;
  const ps = new Float64Array(P);
  const ns = new Float64Array(N);
  let a = 0;
  let b = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) ps[a++] = score[i];
    else ns[b++] = score[i];
  }
  ps.sort();
  ns.sort();
  const thresholds = new Float64Array(P + N);
  const pos = new Float64Array(P + N);
  const neg = new Float64Array(P + N);
  let i = P - 1;
  let j = N - 1;
  let g = 0;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? ns[j] : j < 0 ? ps[i] : Math.max(ps[i], ns[j]);
    let cp = 0;
    let cn = 0;
    while (i >= 0 && ps[i] === v) {
      cp++;
      i--;
    }
    while (j >= 0 && ns[j] === v) {
      cn++;
      j--;
    }
    thresholds[g] = v;
    pos[g] = cp;
    neg[g] = cn;
    g++;
  }
  return { thresholds: thresholds.subarray(0, g), pos: pos.subarray(0, g), neg: neg.subarray(0, g), totalPos: P, totalNeg: N };
}

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the probability that a random
 * positive outscores a random negative, ties counting one half (equal to sklearn's
 * roc_auc_score). null when only one class is present. Sums of counts are integers or halves
 * well below 2^53, so they are exact.
 */
export function aucFromGroups(g: ScoreGroups): number | null {
  if (g.totalPos === 0 || g.totalNeg === 0) return null;
  let negAbove = 0;
  let wins = 0;
  for (let k = 0; k < g.thresholds.length; k++) {
    const negBelow = g.totalNeg - negAbove - g.neg[k];
    wins += g.pos[k] * negBelow + 0.5 * g.pos[k] * g.neg[k];
    negAbove += g.neg[k];
  }
  return wins / (g.totalPos * g.totalNeg);
}

export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number | null {
  return aucFromGroups(groupByScore(y, score));
}
