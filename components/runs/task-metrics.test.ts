import { describe, expect, it } from 'vitest';
import { compareMetricRows, metricValue, taskTrainingMetrics } from './task-metrics';

const binary = { training: { auc: 0.9 }, validation: { metrics: { auc: 0.8 } } };
const multiclass = { task: 'multiclass' as const, training: { accuracy: 0.9 }, validation: null };
const regression = { task: 'regression' as const, training: { rmse: 1 }, validation: null };

describe('task metrics', () => {
  it('shows only the task metrics of the runs compared', () => {
    expect(compareMetricRows([binary, null])).toEqual(['auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1', 'positive_rate', 'n']);
    expect(compareMetricRows([regression])).toEqual(['rmse', 'mae', 'r2', 'mean_residual', 'n']);
    expect(compareMetricRows([multiclass, regression])).toEqual(['accuracy', 'log_loss', 'macro_f1', 'micro_f1', 'weighted_f1', 'auc_ovr_macro', 'n', 'rmse', 'mae', 'r2', 'mean_residual']);
    // Shared names (accuracy, log_loss, n) appear once.
    expect(compareMetricRows([binary, multiclass]).filter((k) => k === 'accuracy')).toHaveLength(1);
    expect(compareMetricRows([null])).toContain('auc');
  });
  it('tells task metrics from binary ones and reads only finite numbers', () => {
    expect(taskTrainingMetrics(multiclass)).toBe(multiclass);
    expect(taskTrainingMetrics(binary)).toBeNull();
    expect(taskTrainingMetrics({ task: 'ternary', training: {} })).toBeNull();
    expect(taskTrainingMetrics(null)).toBeNull();
    expect(metricValue({ r2: null, rmse: 2, x: 'a', y: Number.NaN }, 'rmse')).toBe(2);
    expect(metricValue({ r2: null }, 'r2')).toBeNull();
    expect(metricValue({ y: Number.NaN }, 'y')).toBeNull();
    expect(metricValue(null, 'x')).toBeNull();
  });
});
