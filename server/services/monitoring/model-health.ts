// A served model's state at a glance — the one definition used by the Overview, On-call and
// `vigil status`: problems with the answers it gives (errors, latency, traffic, performance, a
// regressing canary, or monitoring itself failing) make it degraded; changes in what it is asked
// (input or score drift, missing / out-of-range / unseen values) make it drifting; nothing firing
// is healthy. Degraded wins over drifting: it is the one that hurts users now.
import type { AlertMetric } from '@/server/db/schema';
import { DEGRADED_ERROR_RATE } from '@/server/ml/monitoring/model-state';

export type ModelHealth = 'healthy' | 'drifting' | 'degraded';

/**
 * Every alert metric is classified; a new metric fails the type check until it is. `healthy`
 * marks an operational event that says nothing about the model's answers (a break-glass move:
 * On-call lists those itself).
 */
export const METRIC_HEALTH: Record<AlertMetric, ModelHealth> = {
  drift_share: 'drifting',
  feature_drift: 'drifting',
  missing_share_increase: 'drifting',
  out_of_range_share: 'drifting',
  unseen_share: 'drifting',
  prediction_drift: 'drifting',
  error_rate: 'degraded',
  p50_latency_ms: 'degraded',
  p95_latency_ms: 'degraded',
  p99_latency_ms: 'degraded',
  traffic_drop: 'degraded',
  online_auc_drop: 'degraded',
  estimated_accuracy_drop: 'degraded',
  calibration_gap: 'degraded',
  canary_regression: 'degraded',
  monitoring_stale: 'degraded',
  break_glass: 'healthy',
  serving_load_failure: 'degraded',
  // A refused retrain kept the incumbent: the model serves as before (the alert pages the engineer).
  retrain_refused: 'healthy',
  slice_auc_drop: 'degraded',
  fairness_disparity: 'degraded',
  online_rmse: 'degraded',
  online_mae: 'degraded',
  online_accuracy: 'degraded',
  online_macro_f1: 'degraded',
};

/** State and its reasons, from the metrics of the firing alerts and the recent error rate (null: no traffic). */
export function servedModelState(firingMetrics: readonly string[], service: { errorRate: number | null }): { state: ModelHealth; reasons: string[] } {
  // An unknown metric (a rule from a newer release) is a problem of unknown kind: degraded.
  const kind = (m: string) => (METRIC_HEALTH as Record<string, ModelHealth | undefined>)[m] ?? 'degraded';
  const degradedBy = [...new Set(firingMetrics.filter((m) => kind(m) === 'degraded'))];
  const driftingBy = [...new Set(firingMetrics.filter((m) => kind(m) === 'drifting'))];
  const reasons: string[] = [];
  if (service.errorRate !== null && service.errorRate >= DEGRADED_ERROR_RATE) reasons.push(`error rate ${(service.errorRate * 100).toFixed(1)}% in the last 15 min`);
  reasons.push(...degradedBy.map((m) => `${m} alert firing`));
  if (reasons.length) return { state: 'degraded', reasons };
  if (driftingBy.length) return { state: 'drifting', reasons: driftingBy.map((m) => `${m} alert firing`) };
  return { state: 'healthy', reasons: [] };
}

/** The state from open alerts alone (the Overview, which has no error-rate window). */
export function modelHealth(openAlerts: readonly { metric: string }[]): ModelHealth {
  return servedModelState(
    openAlerts.map((a) => a.metric),
    { errorRate: null },
  ).state;
}
