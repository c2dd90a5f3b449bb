// Threshold and probability metrics for a binary classifier. Contract: labels in {0, 1}, the
// score is the probability of label 1, a row is predicted positive when score ≥ threshold.
// A metric that is undefined for the data is null rather than NaN or a made-up 0.
import { groupByScore, aucFromGroups } from './ranking';
import { checkBinaryInputs } from './validate';

export interface BinaryMetrics {
  n: number;
  /** Share of rows with label 1 (null without rows). */
  positive_rate: number | null;
  /** null with only one class present. */
  auc: number | null;
  /** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15]. */
  log_loss: number | null;
  /** Mean squared error of the probability. */
  brier: number | null;
  accuracy: number | null;
  /** null with no predicted positives. */
  precision: number | null;
  /** null with no label-1 rows. */
  recall: number | null;
  /** null when precision or recall is null; 0 when both are 0. */
  f1: number | null;
}

export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export const LOG_LOSS_EPS = 1e-15;

export function confusionMatrix(y: ArrayLike<number>, score: ArrayLike<number>, threshold = 0.5): ConfusionMatrix {
  checkBinaryInputs(y, score);
  const m = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const predicted = score[i] >= threshold;
    if (y[i] === 1) {
      if (predicted) m.tp++;
      else m.fn++;
    } else if (predicted) m.fp++;
    else m.tn++;
  }
  return m;
}

/** Ratio that is null when the divisor is 0 (the metric is undefined for the data). */
export function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

export function f1Score(precision: number | null, recall: number | null): number | null {
  if (precision === null || recall === null) return null;
  if (precision + recall === 0) return 0;
  return (2 * precision * recall) / (precision + recall);
}

export function binaryMetrics(y: ArrayLike<number>, score: ArrayLike<number>, threshold = 0.5): BinaryMetrics {
  const n = y.length;
  const cm = confusionMatrix(y, score, threshold); // validates the inputs
  let logSum = 0;
  let brierSum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(score[i], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    logSum += y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    brierSum += (score[i] - y[i]) ** 2;
  }
  const precision = ratio(cm.tp, cm.tp + cm.fp);
  const recall = ratio(cm.tp, cm.tp + cm.fn);
  return {
    n,
    positive_rate: ratio(cm.tp + cm.fn, n),
    auc: n === 0 ? null : aucFromGroups(groupByScore(y, score)),
    log_loss: n === 0 ? null : -logSum / n,
    brier: n === 0 ? null : brierSum / n,
    accuracy: ratio(cm.tp + cm.tn, n),
    precision,
    recall,
    f1: f1Score(precision, recall),
  };
}
