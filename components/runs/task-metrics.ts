// The metrics a multiclass or regression run stores (server/ml/training/train-task-model.ts), read
// on the client: which rows each task's tables show, and a run's task-metrics object or null.
import type { TaskTrainingMetrics } from '@/server/ml/training/train-task-model';

export type { TaskTrainingMetrics };

/** Rows of the metrics table per task; per-class AUC is listed beside the multiclass ones. */
export const TASK_METRIC_ROWS = {
  multiclass: ['accuracy', 'log_loss', 'macro_f1', 'micro_f1', 'weighted_f1', 'auc_ovr_macro', 'n'],
  regression: ['rmse', 'mae', 'r2', 'mean_residual', 'n'],
} as const;

/** The headline metric per task in lists and comparisons. */
export const TASK_HEADLINE = { binary: 'auc', multiclass: 'macro_f1', regression: 'rmse' } as const;

/** A run's stored metrics when they are a multiclass or regression run's, else null. */
export function taskTrainingMetrics(metrics: unknown): TaskTrainingMetrics | null {
  if (!metrics || typeof metrics !== 'object') return null;
  const task = (metrics as { task?: unknown }).task;
  return (task === 'multiclass' || task === 'regression') && 'training' in metrics ? (metrics as TaskTrainingMetrics) : null;
}

/** One metric of a task-metrics object (a number, or null when absent / undefined for the data). */
export function metricValue(m: object | null | undefined, key: string): number | null {
  const v = (m as Record<string, unknown> | null | undefined)?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const BINARY_METRICS = ['auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1', 'positive_rate', 'n'] as const;

/** What a run stored: binary metrics (no `task`) or a multiclass / regression run's. */
export interface CompareMetrics {
  task?: 'multiclass' | 'regression';
  training: object;
  validation: { metrics: object } | null;
}

/** The metric rows for runs of these tasks, each once, in binary, multiclass, regression order. */
export function compareMetricRows(metrics: readonly (CompareMetrics | null)[]): string[] {
  const tasks = new Set(metrics.filter((m): m is CompareMetrics => !!m).map((m) => m.task ?? 'binary'));
  if (tasks.size === 0) tasks.add('binary');
  const rows: string[] = [];
  const add = (keys: readonly string[]) => keys.forEach((k) => rows.includes(k) || rows.push(k));
  if (tasks.has('binary')) add(BINARY_METRICS);
  if (tasks.has('multiclass')) add(TASK_METRIC_ROWS.multiclass);
  if (tasks.has('regression')) add(TASK_METRIC_ROWS.regression);
  return rows;
}
