import { describe, expect, it } from 'vitest';
import { servedModelState } from './model-health';

describe('served model state (with the error rate)', () => {
  it('healthy without alerts and with a low error rate (or no traffic)', () => {
    expect(servedModelState([], { errorRate: 0.01 })).toEqual({ state: 'healthy', reasons: [] });
    expect(servedModelState([], { errorRate: null }).state).toBe('healthy');
  });
  it('drifting on data alerts only', () => {
    expect(servedModelState(['drift_share', 'feature_drift', 'feature_drift'], { errorRate: 0 })).toEqual({ state: 'drifting', reasons: ['drift_share alert firing', 'feature_drift alert firing'] });
  });
  it('degraded on service or performance alerts, or a high error rate, even when drifting too', () => {
    expect(servedModelState(['drift_share', 'p99_latency_ms'], { errorRate: 0 })).toEqual({ state: 'degraded', reasons: ['p99_latency_ms alert firing'] });
    expect(servedModelState(['monitoring_stale'], { errorRate: null }).state).toBe('degraded');
    expect(servedModelState([], { errorRate: 0.05 })).toEqual({ state: 'degraded', reasons: ['error rate 5.0% in the last 15 min'] });
    expect(servedModelState([], { errorRate: 0.0499 }).state).toBe('healthy');
  });
});
