// One version's side of a golden-set evaluation, per task (what evaluations.result holds under
// `candidate` / `incumbent`). `metrics` holds the scalars gates and diffs read; task structures
// sit beside it:
//   binary      metrics (binaryMetrics), confusion at the decision threshold, ROC / PR /
//               calibration curves, fairness per attribute (report + bootstrap intervals)
//   multiclass  metrics {n, accuracy, log_loss, macro/micro/weighted F1, auc_ovr_macro},
//               classes, auc_ovr per class, confusion (rows = label, columns = prediction, in
//               classes order), fairness per attribute (multiclass-report.ts + intervals)
//   regression  metrics {n, rmse, mae, r2, mean_residual}, residual_quantiles {p05, p50, p95},
//               fairness per attribute (regression-report.ts + intervals, null when too many rows)
import { bootstrapIntervals, type GroupIntervals } from '../fairness/bootstrap';
import { multiclassFairnessReport, multiclassIntervals, type MulticlassFairnessReport, type MulticlassIntervals } from '../fairness/multiclass-report';
import { regressionFairnessReport, regressionIntervals, type RegressionFairnessReport, type RegressionIntervals } from '../fairness/regression-report';
import { fairnessReport, type FairnessReport } from '../fairness/report';
import { binaryMetrics, calibrationCurve, confusionMatrix, prCurve, rocCurve } from '../metrics';
import { multiclassMetrics } from '../metrics/multiclass';
import { regressionMetrics } from '../metrics/regression';

/** Bootstrap settings of every evaluation's fairness intervals. */
export const EVALUATION_BOOTSTRAP = { replicates: 500, seed: 7 } as const;

export function binarySide(y: number[], p: number[], groups: Map<string, (string | null)[]>, threshold: number) {
  const fairness: Record<string, FairnessReport & { intervals: GroupIntervals[] }> = {};
  for (const [attr, g] of groups) fairness[attr] = { ...fairnessReport(y, p, g, { threshold }), intervals: bootstrapIntervals(y, p, g, { threshold, ...EVALUATION_BOOTSTRAP }) };
  return {
    metrics: binaryMetrics(y, p, threshold),
    confusion: confusionMatrix(y, p, threshold),
    curves: { roc: rocCurve(y, p), pr: prCurve(y, p), calibration: calibrationCurve(y, p, 10) },
    fairness,
  };
}

export interface MulticlassSide {
  task: 'multiclass';
  classes: string[];
  metrics: { n: number; accuracy: number; log_loss: number; macro_f1: number; micro_f1: number; weighted_f1: number; auc_ovr_macro: number | null };
  auc_ovr: Record<string, number | null>;
  confusion: number[][];
  fairness: Record<string, MulticlassFairnessReport & { intervals: MulticlassIntervals }>;
}

/** `y`: class indices into `classes`; `probs`: row-major n × k. */
export function multiclassSide(y: number[], probs: Float64Array, classes: string[], groups: Map<string, (string | null)[]>): MulticlassSide {
  const m = multiclassMetrics(y, probs, classes);
  const fairness: MulticlassSide['fairness'] = {};
  for (const [attr, g] of groups) fairness[attr] = { ...multiclassFairnessReport(y, probs, classes, g), intervals: multiclassIntervals(y, probs, classes, g, EVALUATION_BOOTSTRAP) };
  return {
    task: 'multiclass',
    classes: [...classes],
    metrics: { n: m.n, accuracy: m.accuracy, log_loss: m.log_loss, macro_f1: m.macro_f1, micro_f1: m.micro_f1, weighted_f1: m.weighted_f1, auc_ovr_macro: m.auc_ovr_macro },
    // Stored as a plain object: jsonb keeps any class name as a key.
    auc_ovr: { ...m.auc_ovr },
    confusion: m.confusion,
    fairness,
  };
}

export interface RegressionSide {
  task: 'regression';
  metrics: { n: number; rmse: number; mae: number; r2: number | null; mean_residual: number };
  residual_quantiles: { p05: number; p50: number; p95: number };
  fairness: Record<string, RegressionFairnessReport & { intervals: RegressionIntervals | null }>;
}

export function regressionSide(y: number[], prediction: number[], groups: Map<string, (string | null)[]>): RegressionSide {
  const m = regressionMetrics(y, prediction);
  const fairness: RegressionSide['fairness'] = {};
  for (const [attr, g] of groups) fairness[attr] = { ...regressionFairnessReport(y, prediction, g), intervals: regressionIntervals(y, prediction, g, EVALUATION_BOOTSTRAP) };
  return { task: 'regression', metrics: { n: m.n, rmse: m.rmse, mae: m.mae, r2: m.r2, mean_residual: m.mean_residual }, residual_quantiles: m.residual_quantiles, fairness };
}
