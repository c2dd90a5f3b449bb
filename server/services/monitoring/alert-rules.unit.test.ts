import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@/server/db/schema';
import { clearlyResolved, evaluateRule, evaluateStale } from './alert-rules';
import type { WindowReport } from './window-report';

const rule = (over: Partial<AlertRule>): AlertRule => ({
  id: 'r', modelId: 'm', name: 'r', metric: 'drift_share', feature: null, direction: 'above', threshold: 0.5, windowMinutes: 30, minSamples: 100, severity: 'warning', enabled: true, isDefault: true, createdAt: new Date(), ...over,
});

const feature = (name: string, statistic: number | null, n = 500) => ({
  feature: name, type: 'numeric' as const, status: statistic === null ? ('insufficient_data' as const) : ('ok' as const), method: 'psi' as const, statistic, threshold: 0.1,
  drifted: (statistic ?? 0) >= 0.1, n, nNonMissing: n, minRows: 100, missingShare: 0, referenceMissingShare: 0, missingShareIncrease: 0, outOfRangeShare: 0, unseenShare: null,
});

function report(over: Partial<WindowReport>): WindowReport {
  return {
    model: 'm', version: 1, versionId: 'v', task: 'binary', classes: [], window: { start: '', end: '', minRows: 100 }, hasReference: true,
    drift: { tested: 3, drifted: 1, driftShare: 1 / 3, driftedFeatures: ['b'] },
    features: [feature('a', 0.01), feature('b', 0.63), feature('c', 0.02)],
    predictionDrift: { task: 'binary', method: 'psi', statistic: 0.05, drifted: false, n: 500, components: [{ name: 'score', kind: 'score', statistic: 0.05, drifted: false }] },
    service: { predictions: 500, rejected: 0, errorRate: 0, p50: 2, p95: 4, p99: 8 },
    online: { task: 'binary', status: 'ok', n: 400, minRows: 100, metrics: { n: 400, positive_rate: 0.28, auc: 0.8, log_loss: 0.4, brier: 0.1, accuracy: 0.8, precision: 0.5, recall: 0.5, f1: 0.5 }, calibration: null, meanScore: 0.18, labelDelaySeconds: 60 },
    estimate: { n: 500, expectedAccuracy: 0.85, expectedAuc: 0.8, meanScore: 0.18, status: 'ok', referenceAuc: 0.84 },
    ...over,
  } as WindowReport;
}

describe('alert rule evaluation', () => {
  it('drift share below its threshold stays ok while one strongly drifted input fires the feature rule', () => {
    expect(evaluateRule(rule({}), report({})).state).toBe('ok');
    const f = evaluateRule(rule({ metric: 'feature_drift', threshold: 0.2, minSamples: 200 }), report({}));
    expect(f).toMatchObject({ state: 'firing', value: 0.63 });
    expect(f.message).toMatch(/drift of b is 0\.630/);
  });
  it('calibration gap: observed positives above the mean score is under-prediction', () => {
    const r = evaluateRule(rule({ metric: 'calibration_gap', threshold: 0.05, minSamples: 200 }), report({}));
    expect(r.state).toBe('firing');
    expect(r.value).toBeCloseTo(0.1, 12);
    expect(r.message).toMatch(/under-predicting: 28\.0% of 400 labelled predictions were positive, mean score 18\.0%/);
  });
  it('online AUC drop is measured against the validation AUC; too few labels keep the state', () => {
    expect(evaluateRule(rule({ metric: 'online_auc_drop', threshold: 0.05, minSamples: 200 }), report({}))).toMatchObject({ state: 'ok' });
    expect(evaluateRule(rule({ metric: 'online_auc_drop', threshold: 0.05, minSamples: 1000 }), report({})).state).toBe('insufficient_data');
  });
  it('latency and error rate with their minimum samples', () => {
    expect(evaluateRule(rule({ metric: 'p99_latency_ms', threshold: 5 }), report({})).state).toBe('firing');
    expect(evaluateRule(rule({ metric: 'error_rate', threshold: 0.05, minSamples: 10_000 }), report({})).state).toBe('insufficient_data');
  });
});

describe('rules on every monitored figure', () => {
  it('out-of-range and unseen shares: the worst feature (or the named one), n below the minimum keeps the state', () => {
    const feats = [
      { ...feature('a', 0.01), outOfRangeShare: 0.02 },
      { ...feature('b', 0.01), outOfRangeShare: 0.31 },
      { ...feature('region', 0.01), type: 'categorical' as const, outOfRangeShare: null, unseenShare: 0.12 },
    ];
    const oor = evaluateRule(rule({ metric: 'out_of_range_share', threshold: 0.1 }), report({ features: feats }));
    expect(oor).toMatchObject({ state: 'firing', value: 0.31, detail: { feature: 'b' } });
    expect(oor.message).toMatch(/31\.0% of b values outside the training range/);
    expect(evaluateRule(rule({ metric: 'out_of_range_share', threshold: 0.1, feature: 'a' }), report({ features: feats }))).toMatchObject({ state: 'ok', value: 0.02 });
    expect(evaluateRule(rule({ metric: 'unseen_share', threshold: 0.1 }), report({ features: feats }))).toMatchObject({ state: 'firing', value: 0.12, detail: { feature: 'region' } });
    expect(evaluateRule(rule({ metric: 'unseen_share', threshold: 0.1, minSamples: 10_000 }), report({ features: feats })).state).toBe('insufficient_data');
    expect(evaluateRule(rule({ metric: 'unseen_share', threshold: 0.1 }), report({ features: [], hasReference: false })).state).toBe('not_applicable');
  });
  it('p50 and p95 latency', () => {
    expect(evaluateRule(rule({ metric: 'p50_latency_ms', threshold: 3 }), report({}))).toMatchObject({ state: 'ok', value: 2 });
    expect(evaluateRule(rule({ metric: 'p95_latency_ms', threshold: 3 }), report({}))).toMatchObject({ state: 'firing', value: 4 });
  });
  it('traffic drop against the usual level; no usual level yet keeps the state', () => {
    // 500 predictions in 30 min = 16.7/min against a usual 50/min: down two thirds.
    const r = evaluateRule(rule({ metric: 'traffic_drop', threshold: 0.5, minSamples: 100 }), report({}), { usual: { perMinute: 50, n: 72_000 } });
    expect(r.state).toBe('firing');
    expect(r.value).toBeCloseTo(1 - 500 / 30 / 50, 12);
    expect(evaluateRule(rule({ metric: 'traffic_drop', threshold: 0.5, minSamples: 100 }), report({}), { usual: { perMinute: 20, n: 72_000 } }).state).toBe('ok');
    expect(evaluateRule(rule({ metric: 'traffic_drop', threshold: 0.5, minSamples: 100 }), report({}), { usual: null }).state).toBe('insufficient_data');
    expect(evaluateRule(rule({ metric: 'traffic_drop', threshold: 0.5, minSamples: 100 }), report({}), { usual: { perMinute: 1, n: 50 } }).state).toBe('insufficient_data');
  });
  it('monitoring stale from the minutes the pass has been failing', () => {
    const stale = rule({ metric: 'monitoring_stale', threshold: 10 });
    expect(evaluateStale(stale, 0)).toMatchObject({ state: 'ok', value: 0 });
    expect(evaluateStale(stale, 9.9).state).toBe('ok');
    expect(evaluateStale(stale, 10)).toMatchObject({ state: 'firing', value: 10 });
    expect(evaluateRule(stale, report({})).state).toBe('not_applicable');
  });
});

describe('alert hysteresis', () => {
  it('resolves only 10 % of the threshold past the line, in the rule\'s direction', () => {
    const above = rule({ metric: 'online_auc_drop', threshold: 0.05 });
    expect(clearlyResolved(above, 0.049)).toBe(false);
    expect(clearlyResolved(above, 0.0449)).toBe(true);
    const below = rule({ metric: 'estimated_accuracy_drop', direction: 'below', threshold: 0.7 });
    expect(clearlyResolved(below, 0.71)).toBe(false);
    expect(clearlyResolved(below, 0.771)).toBe(true);
    expect(clearlyResolved(above, null)).toBe(false);
  });

  it('regression and multiclass online metrics; a metric of another task is not applicable, named', () => {
    const regression = report({ task: 'regression', online: { task: 'regression', status: 'ok', n: 300, minRows: 100, labelDelaySeconds: 5, metrics: { n: 300, rmse: 2.5, mae: 2, mean_label: 10, mean_prediction: 9 } } });
    expect(evaluateRule(rule({ metric: 'online_rmse', threshold: 2, minSamples: 200 }), regression)).toMatchObject({ state: 'firing', value: 2.5 });
    expect(evaluateRule(rule({ metric: 'online_mae', threshold: 2.5, minSamples: 200 }), regression)).toMatchObject({ state: 'ok', value: 2 });
    expect(evaluateRule(rule({ metric: 'online_rmse', threshold: 2, minSamples: 400 }), regression).state).toBe('insufficient_data');
    const wrong = evaluateRule(rule({ metric: 'online_auc_drop', threshold: 0.05, minSamples: 1 }), regression);
    expect(wrong).toMatchObject({ state: 'not_applicable' });
    expect(wrong.message).toMatch(/'online_auc_drop' applies to binary models; this model is regression/);
    expect(evaluateRule(rule({ metric: 'online_rmse', threshold: 2, minSamples: 1 }), report({})).message).toMatch(/applies to regression models; this model is binary/);
    const multiclass = report({
      task: 'multiclass',
      classes: ['a', 'b'],
      online: { task: 'multiclass', status: 'ok', n: 300, minRows: 100, labelDelaySeconds: 5, metrics: { n: 300, accuracy: 0.6, macro_f1: 0.55, per_class: [] } },
    });
    expect(evaluateRule(rule({ metric: 'online_accuracy', direction: 'below', threshold: 0.7, minSamples: 200 }), multiclass)).toMatchObject({ state: 'firing', value: 0.6 });
    expect(evaluateRule(rule({ metric: 'online_macro_f1', direction: 'below', threshold: 0.5, minSamples: 200 }), multiclass)).toMatchObject({ state: 'ok', value: 0.55 });
    expect(evaluateRule(rule({ metric: 'online_accuracy', direction: 'below', threshold: 0.9, minSamples: 200 }), report({}))).toMatchObject({ state: 'firing', value: 0.8 });
  });
});
