// Multiclass classification metrics, defined as scikit-learn 1.2 computes them (reference values
// from tests/reference/multiclass_reference.py):
//   log_loss     probabilities clipped to [1e-15, 1 − 1e-15], each row renormalised to sum 1,
//                then the mean of −log p(true class)
//   *_f1         f1_score(average=macro|micro|weighted, zero_division=0): over the classes that
//                occur as a label or a prediction (sklearn's default `labels`)
//   auc_ovr      per class, roc_auc_score(y == c, p_c); null when c is absent or is every label
//   confusion    confusion[i][j] = rows of class i predicted as j, in `classes` order
// The predicted class is the arg-max of a row (ties: the first class in `classes` order).
import { LOG_LOSS_EPS } from './binary';
import { rocAuc } from './ranking';

export interface MulticlassMetrics {
  n: number;
  classes: string[];
  accuracy: number;
  log_loss: number;
  macro_f1: number;
  micro_f1: number;
  weighted_f1: number;
  /** One-vs-rest AUC per class name (a null-prototype object, so any class name is a plain key). */
  auc_ovr: Record<string, number | null>;
  auc_ovr_macro: number | null;
  confusion: number[][];
}

/** Arg-max of each row of a row-major n × k matrix; ties go to the lowest column. */
export function argmaxRows(probs: ArrayLike<number>, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bv = probs[i * k];
    for (let c = 1; c < k; c++) {
      const v = probs[i * k + c];
      if (v > bv) {
        bv = v;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

function checkInputs(y: ArrayLike<number>, probs: ArrayLike<number>, classes: string[]): number {
  const k = classes.length;
  const n = y.length;
  if (k < 2) throw new Error(`multiclass metrics need at least 2 classes, got ${k}`);
  if (new Set(classes).size !== k) throw new Error('class names must be distinct');
  if (n === 0) throw new Error('multiclass metrics need at least one row');
  if (probs.length !== n * k) throw new Error(`expected ${n} × ${k} probabilities, got ${probs.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= k) throw new Error(`label at index ${i} is ${y[i]}, not a class index below ${k}`);
    for (let c = 0; c < k; c++) {
      const p = probs[i * k + c];
      if (!(p >= 0 && p <= 1)) throw new Error(`probability at row ${i}, class '${classes[c]}' is ${p}, not in [0, 1]`);
    }
  }
  return n;
}

/** sklearn 1.2's F-score from precision and recall (0 where both are 0). */
function fScore(precision: number, recall: number): number {
  const denom = precision + recall;
  return denom === 0 ? 0 : (2 * precision * recall) / denom;
}

function div0(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/**
 * Metrics of class-index labels `y` (0 ≤ y[i] < k) against row-major n × k probabilities whose
 * columns follow `classes`.
 */
export function multiclassMetrics(y: ArrayLike<number>, probs: ArrayLike<number>, classes: string[]): MulticlassMetrics {
  const n = checkInputs(y, probs, classes);
  const k = classes.length;
  const pred = argmaxRows(probs, n, k);

  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    confusion[y[i]][pred[i]]++;
    if (pred[i] === y[i]) correct++;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.min(Math.max(probs[i * k + c], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    const pt = Math.min(Math.max(probs[i * k + y[i]], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS) / sum;
    loss -= Math.log(pt);
  }

  // Per-class counts; the F1 averages run over classes seen as a label or a prediction.
  let macro = 0;
  let present = 0;
  let weighted = 0;
  let tpSum = 0;
  let predSum = 0;
  let trueSum = 0;
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += confusion[c][j];
      predicted += confusion[j][c];
    }
    if (support === 0 && predicted === 0) continue;
    const f = fScore(div0(tp, predicted), div0(tp, support));
    macro += f;
    present++;
    weighted += f * support;
    tpSum += tp;
    predSum += predicted;
    trueSum += support;
  }

  const auc: Record<string, number | null> = Object.create(null) as Record<string, number | null>;
  let aucSum = 0;
  let aucCount = 0;
  const yc = new Uint8Array(n);
  const pc = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      yc[i] = y[i] === c ? 1 : 0;
      pc[i] = probs[i * k + c];
    }
    const a = rocAuc(yc, pc);
    auc[classes[c]] = a;
    if (a !== null) {
      aucSum += a;
      aucCount++;
    }
  }

  return {
    n,
    classes: [...classes],
    accuracy: correct / n,
    log_loss: loss / n,
    macro_f1: macro / present,
    micro_f1: fScore(div0(tpSum, predSum), div0(tpSum, trueSum)),
    weighted_f1: weighted / trueSum,
    auc_ovr: auc,
    auc_ovr_macro: aucCount === 0 ? null : aucSum / aucCount,
    confusion,
  };
}
