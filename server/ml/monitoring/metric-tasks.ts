// Which alert metrics fit which model task. Metrics not listed fit every task (drift, data
// quality, service figures, prediction drift); the rest read figures only one kind of model has.
// Shared by rule saving (refused with the field named), rule evaluation and the rule form.
export type ModelTask = 'binary' | 'multiclass' | 'regression';

export const METRIC_TASKS: Readonly<Record<string, readonly ModelTask[]>> = {
  online_auc_drop: ['binary'],
  calibration_gap: ['binary'],
  estimated_accuracy_drop: ['binary'],
  slice_auc_drop: ['binary'],
  fairness_disparity: ['binary'],
  online_accuracy: ['binary', 'multiclass'],
  online_macro_f1: ['multiclass'],
  online_rmse: ['regression'],
  online_mae: ['regression'],
};

export function metricFits(metric: string, task: ModelTask): boolean {
  const tasks = METRIC_TASKS[metric];
  return !tasks || tasks.includes(task);
}

/** Why a metric does not fit a task (null when it does). */
export function metricMismatch(metric: string, task: ModelTask): string | null {
  if (metricFits(metric, task)) return null;
  return `'${metric}' applies to ${METRIC_TASKS[metric].join(' or ')} models; this model is ${task}`;
}
