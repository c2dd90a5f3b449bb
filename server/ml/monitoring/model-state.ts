// The one definition of "online traffic" shared by On-call, `vigil status`, the model page's
// traffic panel and monitoring, and the error rate that makes a served model degraded (the state
// itself: server/services/monitoring/model-health.ts).

/** Routes that answer clients through the aliases. Shadow scoring, explicit-version tests and batch scoring are not online traffic. */
export const ONLINE_ROUTES = ['production', 'canary'] as const;

/** An error rate at or above this over the last 15 minutes makes a model degraded even before an alert fires. */
export const DEGRADED_ERROR_RATE = 0.05;

