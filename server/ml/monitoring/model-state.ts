// One served model's state for the on-call view, from its open alerts and its service figures:
// degraded (serving or performance is off: errors, latency, traffic, accuracy, a canary
// regression, or monitoring itself failing), drifting (the inputs or scores moved), or healthy.
// Also the one definition of "online traffic" shared by On-call, `vigil status`, the model
// page's traffic panel and monitoring.

/** Routes that answer clients through the aliases. Shadow scoring, explicit-version tests and batch scoring are not online traffic. */
export const ONLINE_ROUTES = ['production', 'canary'] as const;

const DATA_METRICS = new Set(['drift_share', 'feature_drift', 'missing_share_increase', 'out_of_range_share', 'unseen_share', 'prediction_drift']);

/** An error rate at or above this over the last 15 minutes makes a model degraded even before an alert fires. */
export const DEGRADED_ERROR_RATE = 0.05;

export type ServedState = 'healthy' | 'drifting' | 'degraded';

export function servedModelState(firingMetrics: readonly string[], service: { errorRate: number | null }): { state: ServedState; reasons: string[] } {
  const degradedBy = firingMetrics.filter((m) => !DATA_METRICS.has(m));
  const driftingBy = firingMetrics.filter((m) => DATA_METRICS.has(m));
  const reasons: string[] = [];
  if (service.errorRate !== null && service.errorRate >= DEGRADED_ERROR_RATE) reasons.push(`error rate ${(service.errorRate * 100).toFixed(1)}% in the last 15 min`);
  reasons.push(...[...new Set(degradedBy)].map((m) => `${m} alert firing`));
  if (reasons.length) return { state: 'degraded', reasons };
  if (driftingBy.length) return { state: 'drifting', reasons: [...new Set(driftingBy)].map((m) => `${m} alert firing`) };
  return { state: 'healthy', reasons: [] };
}
