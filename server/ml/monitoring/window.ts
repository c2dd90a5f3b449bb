// A monitoring window's figures from summed rollups: per-feature drift and data quality,
// prediction drift, and the confidence-based performance estimate. Methods (documented in
// README "Monitoring"): numeric inputs — PSI over the reference's decile bins; categorical —
// Jensen–Shannon distance over the reference categories plus "other"; both with threshold 0.1,
// as `vigil stats drift`. A window with fewer than `minRows` non-missing values says so
// instead of alarming or staying silent.
import { jensenShannonDistance } from '../stats/jensen-shannon';
import { psiFromCounts } from '../stats/psi';
import type { FeatureCounts } from './binning';
import type { OutputCounts } from './output-bins';
import type { FeatureReference, ScoreReference } from './reference';

export const DRIFT_THRESHOLD = 0.1;

export interface FeatureWindow {
  feature: string;
  type: 'numeric' | 'categorical';
  status: 'ok' | 'insufficient_data';
  method: 'psi' | 'jensenshannon';
  statistic: number | null;
  threshold: number;
  drifted: boolean;
  n: number;
  nNonMissing: number;
  minRows: number;
  missingShare: number | null;
  referenceMissingShare: number;
  missingShareIncrease: number | null;
  outOfRangeShare: number | null;
  unseenShare: number | null;
}

export function featureWindow(ref: FeatureReference, c: FeatureCounts, minRows: number): FeatureWindow {
  const nonMissing = c.n - c.missing;
  const refRows = ref.n + ref.missing;
  const refMissingShare = refRows ? ref.missing / refRows : 0;
  const method = ref.type === 'numeric' ? 'psi' : 'jensenshannon';
  const enough = nonMissing >= minRows;
  const statistic = enough ? (ref.type === 'numeric' ? psiFromCounts(ref.counts, c.counts) : jensenShannonDistance(ref.counts, c.counts)) : null;
  const missingShare = c.n ? c.missing / c.n : null;
  return {
    feature: ref.name,
    type: ref.type,
    status: enough ? 'ok' : 'insufficient_data',
    method,
    statistic,
    threshold: DRIFT_THRESHOLD,
    drifted: statistic !== null && statistic >= DRIFT_THRESHOLD,
    n: c.n,
    nNonMissing: nonMissing,
    minRows,
    missingShare,
    referenceMissingShare: refMissingShare,
    missingShareIncrease: missingShare === null ? null : missingShare - refMissingShare,
    outOfRangeShare: nonMissing && ref.type === 'numeric' ? c.outOfRange / nonMissing : null,
    unseenShare: nonMissing && ref.type === 'categorical' ? c.unseen / nonMissing : null,
  };
}

export interface DriftSummary {
  tested: number;
  drifted: number;
  driftShare: number | null;
  driftedFeatures: string[];
}

export function summarize(features: FeatureWindow[]): DriftSummary {
  const tested = features.filter((f) => f.status === 'ok');
  const drifted = tested.filter((f) => f.drifted);
  return { tested: tested.length, drifted: drifted.length, driftShare: tested.length ? drifted.length / tested.length : null, driftedFeatures: drifted.map((f) => f.feature) };
}

/** One part of a window's prediction drift (a class probability, the predicted-class mix, the value). */
export interface PredictionDriftComponent {
  name: string;
  kind: 'score' | 'value' | 'probability' | 'predicted_class';
  statistic: number | null;
  drifted: boolean;
}

export interface PredictionDrift {
  task: 'binary' | 'regression' | 'multiclass';
  method: 'psi';
  /** The largest component statistic (binary: the score PSI). */
  statistic: number | null;
  drifted: boolean;
  n: number;
  components: PredictionDriftComponent[];
  /** Multiclass: each class's share of the predictions, reference and window. */
  classShares?: { class: string; reference: number; window: number | null }[];
  /** Regression: mean predicted value, reference and window. */
  mean?: { reference: number | null; window: number | null };
}

const component = (name: string, kind: PredictionDriftComponent['kind'], ref: number[], cur: number[], enough: boolean): PredictionDriftComponent => {
  const nRef = ref.reduce((a, b) => a + b, 0);
  const statistic = enough && nRef > 0 && cur.length === ref.length ? psiFromCounts(ref, cur) : null;
  return { name, kind, statistic, drifted: statistic !== null && statistic >= DRIFT_THRESHOLD };
};

function overall(task: PredictionDrift['task'], n: number, components: PredictionDriftComponent[]): PredictionDrift {
  const tested = components.filter((c) => c.statistic !== null);
  const statistic = tested.length ? Math.max(...tested.map((c) => c.statistic!)) : null;
  return { task, method: 'psi', statistic, drifted: statistic !== null && statistic >= DRIFT_THRESHOLD, n, components };
}

/**
 * Prediction drift: PSI of the window's outputs against the reference's, per task — binary the
 * score (20 bins); regression the predicted value (the reference's decile bins); multiclass each
 * class probability (20 bins) and the predicted-class mix (one bin per class). Each component is
 * flagged at the drift threshold; the headline statistic is the largest.
 */
export function predictionDrift(ref: ScoreReference, scoreCounts: number[], outputs: OutputCounts | null, minRows: number): PredictionDrift {
  if (ref.task === 'regression') {
    const n = outputs?.task === 'regression' ? outputs.n : 0;
    const enough = n >= minRows && ref.n > 0;
    const cur = outputs?.task === 'regression' && outputs.counts.length ? outputs.counts : new Array<number>(ref.counts.length).fill(0);
    const d = overall('regression', n, [component('prediction', 'value', ref.counts, cur, enough)]);
    return { ...d, mean: { reference: ref.mean, window: outputs?.task === 'regression' && outputs.n ? outputs.sum / outputs.n : null } };
  }
  if (ref.task === 'multiclass') {
    const o = outputs?.task === 'multiclass' && outputs.predicted.length === ref.classes.length ? outputs : null;
    const n = o?.n ?? 0;
    const enough = n >= minRows && ref.n > 0;
    const zeros = (len: number) => new Array<number>(len).fill(0);
    const components = [
      component('predicted class', 'predicted_class', ref.predicted, o?.predicted ?? zeros(ref.classes.length), enough),
      ...ref.classes.map((c, k) => component(`P(${c})`, 'probability', ref.probabilities[k], o?.probabilities[k] ?? zeros(ref.probabilities[k].length), enough)),
    ];
    const d = overall('multiclass', n, components);
    return { ...d, classShares: ref.classes.map((c, k) => ({ class: c, reference: ref.n ? ref.predicted[k] / ref.n : 0, window: n ? o!.predicted[k] / n : null })) };
  }
  const n = scoreCounts.reduce((a, b) => a + b, 0);
  return overall('binary', n, [component('score', 'score', ref.counts, scoreCounts, n >= minRows && ref.n > 0)]);
}

/**
 * Confidence-based performance estimation (CBPE) without labels: if scores are calibrated, a
 * prediction with score p is right with probability max(p, 1 − p), and counts as p of a
 * positive and 1 − p of a negative. 0.5 is a bin edge, so expected accuracy is exact from the
 * bins' sums. Expected AUC is E[correctly ordered (positive, negative) pairs of distinct
 * predictions] ÷ E[such pairs]; a prediction is never paired with itself (Σp² per bin removes
 * that term), and two scores in the same bin count as a tie (the approximation binning costs).
 */
export function estimatePerformance(counts: number[], sums: number[], squares: number[]): { n: number; expectedAccuracy: number | null; expectedAuc: number | null; meanScore: number | null } {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return { n, expectedAccuracy: null, expectedAuc: null, meanScore: null };
  const half = counts.length / 2;
  let correct = 0;
  let sumP = 0;
  for (let i = 0; i < counts.length; i++) {
    sumP += sums[i];
    correct += i >= half ? sums[i] : counts[i] - sums[i];
  }
  // Pairs (positive in bin i, negative in bin j): i > j counts 1, i == j counts 1/2.
  let pairs = 0;
  let negBelow = 0;
  let totalPos = 0;
  let totalNeg = 0;
  let self = 0;
  for (let i = 0; i < counts.length; i++) {
    const pos = sums[i];
    const neg = counts[i] - sums[i];
    const selfPairs = sums[i] - squares[i]; // Σ p(1 − p) over the bin's own predictions
    pairs += pos * negBelow + 0.5 * (pos * neg - selfPairs);
    negBelow += neg;
    totalPos += pos;
    totalNeg += neg;
    self += selfPairs;
  }
  const denom = totalPos * totalNeg - self;
  return { n, expectedAccuracy: correct / n, expectedAuc: denom > 0 ? pairs / denom : null, meanScore: sumP / n };
}
