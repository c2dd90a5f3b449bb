// What each alert metric measures (the rule form's choices); keyed by the schema's metric names
// so a metric added on the server fails type-checking here until it is described.
import type { AlertMetric } from '@/server/db/schema';
export { metricFits } from '@/server/ml/monitoring/metric-tasks';

export const RULE_METRICS = {
  drift_share: 'share of inputs drifted (0–1)',
  feature_drift: 'drift statistic of a feature (PSI / Jensen–Shannon)',
  missing_share_increase: 'missing share increase vs reference (0–1)',
  out_of_range_share: 'share of a numeric feature’s values outside the training range (0–1)',
  unseen_share: 'share of a categorical feature’s values never seen in training (0–1)',
  error_rate: 'error / rejection rate (0–1)',
  p50_latency_ms: 'p50 latency (ms)',
  p95_latency_ms: 'p95 latency (ms)',
  p99_latency_ms: 'p99 latency (ms)',
  traffic_drop: 'traffic drop against the usual level (the day before; 0.5 = half the usual requests per minute)',
  online_auc_drop: 'online AUC drop below validation AUC',
  prediction_drift: 'prediction drift (PSI of scores)',
  estimated_accuracy_drop: 'estimated accuracy (no labels, 0–1)',
  calibration_gap: 'observed positive rate minus mean score on labelled predictions (under-prediction > 0)',
  canary_regression: 'canary regression (raised by a rollout’s canary analysis)',
  break_glass: 'break-glass move of a protected alias (raised by the move itself)',
  monitoring_stale: 'minutes the monitoring pass has been failing for this model',
  serving_load_failure: 'versions a serving process cannot load behind an alias (raised from the serving load failures)',
  retrain_refused: 'retrain refused on the golden set (raised by the retrain pipeline)',
  slice_auc_drop: 'largest drop of a group’s online AUC below the overall AUC (a slice column; groups of at least the minimum labelled sample, both classes)',
  online_rmse: 'online RMSE of labelled predictions (regression)',
  online_mae: 'online mean absolute error of labelled predictions (regression)',
  online_accuracy: 'online accuracy of labelled predictions (binary, multiclass; 0–1, use “at or below”)',
  online_macro_f1: 'online macro-F1 of labelled predictions (multiclass; 0–1, use “at or below”)',
  fairness_disparity: 'online selection-rate ratio of the least to the most selected group (a slice column; 0.8 = four-fifths rule, use “at or below”)',
} satisfies Record<AlertMetric, string>;

export const METRIC_KEYS = Object.keys(RULE_METRICS) as AlertMetric[];

/** Metrics raised by other parts of Vigil, not by the monitor pass: not offered for new rules. */
export const SYSTEM_METRICS: ReadonlySet<string> = new Set(['canary_regression', 'break_glass', 'serving_load_failure', 'retrain_refused']);

/** Metrics that may name one feature (null: any feature). */
export const PER_FEATURE: ReadonlySet<string> = new Set(['feature_drift', 'missing_share_increase', 'out_of_range_share', 'unseen_share']);

/** Metrics on the groups of a slice column (the feature field names the column; null: every configured slice column). */
export const PER_SLICE: ReadonlySet<string> = new Set(['slice_auc_drop', 'fairness_disparity']);
