// A model's state at a glance, from its open (firing) alerts: problems with the answers it gives
// (errors, latency, performance, a regressing canary) make it degraded; changes in what it is
// asked (input or score drift, missing values) make it drifting; nothing firing is healthy.
// Degraded wins over drifting: it is the one that hurts users now.
import type { AlertMetric } from '@/server/db/schema';

export type ModelHealth = 'healthy' | 'drifting' | 'degraded';

/** Every alert metric is classified; a new metric fails the type check until it is. */
/** `healthy` marks an operational event that says nothing about the model's answers (a break-glass move: On-call lists those itself). */
export const METRIC_HEALTH: Record<AlertMetric, ModelHealth> = {
  drift_share: 'drifting',
  feature_drift: 'drifting',
  missing_share_increase: 'drifting',
  prediction_drift: 'drifting',
  error_rate: 'degraded',
  p99_latency_ms: 'degraded',
  online_auc_drop: 'degraded',
  estimated_accuracy_drop: 'degraded',
  calibration_gap: 'degraded',
  canary_regression: 'degraded',
  break_glass: 'healthy',
};

export function modelHealth(openAlerts: readonly { metric: string }[]): ModelHealth {
  let state: ModelHealth = 'healthy';
  for (const a of openAlerts) {
    const s = (METRIC_HEALTH as Record<string, ModelHealth | undefined>)[a.metric];
    // An unknown metric (a rule from a newer release) is a problem of unknown kind: degraded.
    if (s === 'healthy') continue;
    if (s === 'degraded' || s === undefined) return 'degraded';
    state = 'drifting';
  }
  return state;
}
