// ROC and precision–recall curves with the same points as scikit-learn 1.2
// (roc_curve with drop_intermediate, precision_recall_curve), read from one sorted pass.
import { groupByScore } from './ranking';
import { checkBinaryInputs } from './validate';

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Descending; the first is max score + 1 (as scikit-learn 1.2), the (0, 0) corner. */
  thresholds: number[];
}

export interface PrCurve {
  /** Ends with 1 at recall 0 (no threshold), as scikit-learn. */
  precision: number[];
  recall: number[];
  /** Ascending; one fewer than the points. */
  thresholds: number[];
}

/** Cumulative true/false positives at each distinct score, descending (sklearn's _binary_clf_curve). */
function cumulative(y: ArrayLike<number>, score: ArrayLike<number>) {
  checkBinaryInputs(y, score);
  const g = groupByScore(y, score);
  const m = g.thresholds.length;
  const tps = new Float64Array(m);
  const fps = new Float64Array(m);
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < m; k++) {
    tp += g.pos[k];
    fp += g.neg[k];
    tps[k] = tp;
    fps[k] = fp;
  }
  return { tps, fps, thresholds: g.thresholds, P: g.totalPos, N: g.totalNeg };
}

/**
 * ROC curve; null when either class is absent (one of the rates is undefined). Points in
 * between and collinear with their neighbours are dropped, as scikit-learn does by default.
 */
export function rocCurve(y: ArrayLike<number>, score: ArrayLike<number>, dropIntermediate = true): RocCurve | null {
  const { tps, fps, thresholds, P, N } = cumulative(y, score);
  if (P === 0 || N === 0) return null;
  const m = thresholds.length;
  const keep: number[] = [];
  for (let k = 0; k < m; k++) {
    if (!dropIntermediate || m <= 2 || k === 0 || k === m - 1) keep.push(k);
    // Second differences: a corner in either count means the point is on the hull of the curve.
    else if (fps[k + 1] - 2 * fps[k] + fps[k - 1] !== 0 || tps[k + 1] - 2 * tps[k] + tps[k - 1] !== 0) keep.push(k);
  }
  const fpr = [0];
  const tpr = [0];
  const th = [thresholds[0] + 1];
  for (const k of keep) {
    fpr.push(fps[k] / N);
    tpr.push(tps[k] / P);
    th.push(thresholds[k]);
  }
  return { fpr, tpr, thresholds: th };
}

/**
 * Precision–recall curve. Without positives recall is 1 at every threshold (scikit-learn's
 * convention); precision is 0 where nothing is predicted positive. Empty input gives null.
 */
export function prCurve(y: ArrayLike<number>, score: ArrayLike<number>): PrCurve | null {
  const { tps, fps, thresholds, P } = cumulative(y, score);
  const m = thresholds.length;
  if (m === 0) return null;
  const precision: number[] = [];
  const recall: number[] = [];
  const th: number[] = [];
  for (let k = m - 1; k >= 0; k--) {
    const predicted = tps[k] + fps[k];
    precision.push(predicted === 0 ? 0 : tps[k] / predicted);
    recall.push(P === 0 ? 1 : tps[k] / P);
    th.push(thresholds[k]);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds: th };
}
