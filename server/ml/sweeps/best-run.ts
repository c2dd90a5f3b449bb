// Which run of a sweep is best: the best value of one validation metric among the runs that
// succeeded, ties going to the earliest point. Each metric's direction is fixed here.
export const SWEEP_METRICS = {
  auc: 'max',
  log_loss: 'min',
  brier: 'min',
  accuracy: 'max',
  f1: 'max',
  precision: 'max',
  recall: 'max',
  // Multiclass (accuracy and log_loss above mean the same there).
  macro_f1: 'max',
  weighted_f1: 'max',
  auc_ovr_macro: 'max',
  // Regression.
  rmse: 'min',
  mae: 'min',
  r2: 'max',
} as const;
export type SweepMetric = keyof typeof SWEEP_METRICS;
export const SWEEP_METRIC_NAMES = Object.keys(SWEEP_METRICS) as [SweepMetric, ...SweepMetric[]];

/** The metrics each task's runs report on their holdout, the default (what picks the best run unless told) first. */
export const TASK_SWEEP_METRICS = {
  binary: ['auc', 'log_loss', 'brier', 'accuracy', 'f1', 'precision', 'recall'],
  multiclass: ['log_loss', 'accuracy', 'macro_f1', 'weighted_f1', 'auc_ovr_macro'],
  regression: ['rmse', 'mae', 'r2'],
} as const satisfies Record<'binary' | 'multiclass' | 'regression', readonly SweepMetric[]>;

/** The metric on the run's validation holdout, or null (not finished, no holdout, undefined for the data). */
export function validationMetric(runMetrics: unknown, metric: SweepMetric): number | null {
  const v = (runMetrics as { validation?: { metrics?: Record<string, unknown> } | null } | null)?.validation?.metrics?.[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export interface SweepRunResult {
  id: string;
  status: string;
  /** The point's position in the sweep: lower is earlier. */
  index: number;
  metrics: unknown;
}

/** The best succeeded run's id, or null when none succeeded with a value for the metric. */
export function bestRunId(runs: readonly SweepRunResult[], metric: SweepMetric): string | null {
  const sign = SWEEP_METRICS[metric] === 'max' ? 1 : -1;
  let best: { id: string; score: number; index: number } | null = null;
  for (const r of runs) {
    if (r.status !== 'succeeded') continue;
    const v = validationMetric(r.metrics, metric);
    if (v === null) continue;
    const score = sign * v;
    if (!best || score > best.score || (score === best.score && r.index < best.index)) best = { id: r.id, score, index: r.index };
  }
  return best?.id ?? null;
}
