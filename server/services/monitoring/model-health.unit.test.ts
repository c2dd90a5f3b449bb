import { describe, expect, it } from 'vitest';
import { ALERT_METRICS } from '@/server/db/schema';
import { METRIC_HEALTH, modelHealth } from './model-health';

describe('modelHealth', () => {
  it('is healthy with no open alerts', () => {
    expect(modelHealth([])).toBe('healthy');
  });

  it('is drifting when only drift rules fire', () => {
    expect(modelHealth([{ metric: 'feature_drift' }])).toBe('drifting');
    expect(modelHealth([{ metric: 'drift_share' }, { metric: 'prediction_drift' }, { metric: 'missing_share_increase' }])).toBe('drifting');
  });

  it('is degraded when an error, latency or performance rule fires, whatever else fires', () => {
    for (const metric of ['error_rate', 'p99_latency_ms', 'online_auc_drop', 'estimated_accuracy_drop', 'calibration_gap', 'canary_regression']) {
      expect(modelHealth([{ metric }]), metric).toBe('degraded');
      expect(modelHealth([{ metric: 'feature_drift' }, { metric }]), `drift then ${metric}`).toBe('degraded');
      expect(modelHealth([{ metric }, { metric: 'feature_drift' }]), `${metric} then drift`).toBe('degraded');
    }
  });

  it('treats a metric it does not know as degraded rather than healthy', () => {
    expect(modelHealth([{ metric: 'something_new' }])).toBe('degraded');
  });

  it('classifies every alert metric', () => {
    expect(Object.keys(METRIC_HEALTH).sort()).toEqual([...ALERT_METRICS].sort());
  });
});
