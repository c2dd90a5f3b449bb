import { describe, expect, it } from 'vitest';
import { gateDiff, metricDiff } from './evidence-diff';
import { checkThreshold } from './gates';

describe('retrain evidence diff', () => {
  it('puts metrics side by side with the change, judged in each metric’s direction', () => {
    const rows = metricDiff({ auc: 0.9, log_loss: 0.3, brier: 0.1, n: 100, accuracy: null }, { auc: 0.85, log_loss: 0.35, brier: 0.1, n: 100 });
    expect(rows.map((r) => r.metric)).toEqual(['auc', 'log_loss', 'brier']);
    expect(rows[0]).toMatchObject({ candidate: 0.9, incumbent: 0.85, better: true });
    expect(rows[0].delta).toBeCloseTo(0.05, 12);
    expect(rows[1]).toMatchObject({ better: true }); // log-loss went down
    expect(rows[1].delta).toBeCloseTo(-0.05, 12);
    expect(rows[2]).toMatchObject({ delta: 0, better: null });
  });

  it('judges multiclass and regression metrics in their direction (errors fall, scores rise)', () => {
    const reg = metricDiff({ rmse: 1.1, mae: 0.8, r2: 0.7, mean_residual: 0.1, n: 50 }, { rmse: 1.2, mae: 0.7, r2: 0.75, mean_residual: 0, n: 50 });
    expect(reg.map((r) => [r.metric, r.better])).toEqual([['rmse', true], ['mae', false], ['r2', false]]);
    const mc = metricDiff({ accuracy: 0.8, log_loss: 0.5, macro_f1: 0.7, auc_ovr_macro: 0.9 }, { accuracy: 0.7, log_loss: 0.4, macro_f1: 0.75, auc_ovr_macro: 0.85 });
    expect(mc.map((r) => [r.metric, r.better])).toEqual([['log_loss', false], ['accuracy', true], ['macro_f1', false], ['auc_ovr_macro', true]]);
  });

  it('shows a metric only one side has, without a change', () => {
    expect(metricDiff({ auc: 0.7 }, null)).toEqual([{ metric: 'auc', candidate: 0.7, incumbent: null, delta: null, better: null }]);
    expect(metricDiff(null, null)).toEqual([]);
  });

  it('lists every gate, failed first, with the delta', () => {
    const pass = checkThreshold({ metric: 'auc', greater_is_better: true, min_absolute_change: -0.01 }, 0.9, 0.895, 'overall: auc');
    const fail = checkThreshold({ metric: 'auc', greater_is_better: true, min_absolute_change: -0.05 }, 0.62, 0.91, 'slice region=south: auc');
    const pending = checkThreshold({ metric: 'log_loss', greater_is_better: false, min_relative_change: -0.05 }, 0.3, null, 'overall: log_loss');
    const rows = gateDiff([pass, pending, fail]);
    expect(rows.map((r) => [r.gate, r.status])).toEqual([['slice region=south: auc', 'fail'], ['overall: log_loss', 'pending'], ['overall: auc', 'pass']]);
    expect(rows[0].delta).toBeCloseTo(-0.29, 12);
    expect(rows[1].delta).toBeNull();
    expect(rows[2].delta).toBeCloseTo(0.005, 12);
  });
});
