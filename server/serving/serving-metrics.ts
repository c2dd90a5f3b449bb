// Prometheus metrics of the serving process, per model and version.
//
// With VIGIL_SERVE_WORKERS > 1 every worker keeps its own; /metrics on any worker answers the
// cluster's sum (counters, histograms and gauges summed across workers by the primary;
// vigil_serving_load_failures takes the max). The spool gauges are read when scraped.
import client from 'prom-client';

/** What the scrape-time gauges read (set once the spool is open). */
export interface LiveSources {
  spool?: { bytesOnDisk(): number; unshippedRecords: number };
}

export function servingMetrics(reg: client.Registry) {
  const live: LiveSources = {};
  const m = {
    live,
    requests: new client.Counter({ name: 'vigil_predict_requests_total', help: 'Prediction requests by model, version, route and HTTP status', labelNames: ['model', 'version', 'route', 'status'], registers: [reg] }),
    rows: new client.Counter({ name: 'vigil_predict_rows_total', help: 'Rows scored by model, version and route', labelNames: ['model', 'version', 'route'], registers: [reg] }),
    rejected: new client.Counter({ name: 'vigil_predict_rejected_total', help: 'Requests rejected by input validation, by model and reason', labelNames: ['model', 'reason'], registers: [reg] }),
    latency: new client.Histogram({
      name: 'vigil_predict_latency_seconds',
      help: 'Request latency by model and version (receive to durable log + response)',
      labelNames: ['model', 'version'],
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
      registers: [reg],
    }),
    batchRows: new client.Histogram({ name: 'vigil_batch_rows', help: 'Rows per onnxruntime session.run (micro-batch size)', labelNames: ['model', 'version'], buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers: [reg] }),
    backlog: new client.Gauge({
      name: 'vigil_log_backlog_records',
      help: 'Predictions acknowledged but not yet in Postgres',
      registers: [reg],
      collect() {
        if (live.spool) this.set(live.spool.unshippedRecords);
      },
    }),
    spoolBytes: new client.Gauge({
      name: 'vigil_spool_bytes',
      help: 'Bytes in the local prediction spool',
      registers: [reg],
      collect() {
        if (live.spool) this.set(live.spool.bytesOnDisk());
      },
    }),
    quarantined: new client.Counter({ name: 'vigil_log_quarantined_records_total', help: 'Prediction records Postgres refused, moved to prediction_quarantine', registers: [reg] }),
    tornTails: new client.Counter({ name: 'vigil_log_torn_tails_total', help: 'Spool segments that ended in a torn line (a crash mid-write; never acknowledged)', registers: [reg] }),
    spoolWriteFailures: new client.Counter({ name: 'vigil_spool_write_failures_total', help: 'Spool writes that failed (disk full, I/O error); nothing of them was acknowledged', registers: [reg] }),
    spoolFull: new client.Counter({ name: 'vigil_spool_full_refusals_total', help: 'Requests answered 503 because the spool held VIGIL_SPOOL_MAX_BYTES', registers: [reg] }),
    loadFailures: new client.Gauge({ name: 'vigil_serving_load_failures', help: 'Versions this instance could not load, by model, alias and version (1 while failing)', labelNames: ['model', 'alias', 'version'], registers: [reg], aggregator: 'max' }),
    unhandled: new client.Counter({ name: 'vigil_serve_unhandled_rejections_total', help: 'Promise rejections no code handled (logged; serving went on)', registers: [reg] }),
    serverErrors: new client.Counter({ name: 'vigil_serve_server_errors_total', help: 'Requests answered 5xx, by kind', labelNames: ['kind'], registers: [reg] }),
  };
  return { ...m, predicted: predictionRecorder(m.requests, m.rows, m.latency) };
}

export type ServingMetrics = ReturnType<typeof servingMetrics>;

/**
 * Counts answered predictions per event-loop turn instead of per request: a micro-batch's
 * requests add to plain numbers, and one setImmediate adds the sums to prom-client (whose every
 * labelled update hashes its labels). Latency is observed per request (a histogram needs each
 * value), with a label object built once per model version.
 */
function predictionRecorder(requests: client.Counter, rows: client.Counter, latency: client.Histogram) {
  interface Acc {
    labels: { model: string; version: string; route: string };
    ok: { model: string; version: string; route: string; status: string };
    latencyLabels: { model: string; version: string };
    requests: number;
    rows: number;
  }
  const accs = new Map<string, Acc>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    for (const a of accs.values()) {
      if (a.requests === 0) continue;
      rows.inc(a.labels, a.rows);
      requests.inc(a.ok, a.requests);
      a.rows = 0;
      a.requests = 0;
    }
  };
  return (model: string, version: string, route: string, n: number, seconds: number) => {
    const key = `${model}\u0000${version}\u0000${route}`;
    let a = accs.get(key);
    if (!a) {
      a = { labels: { model, version, route }, ok: { model, version, route, status: '200' }, latencyLabels: { model, version }, requests: 0, rows: 0 };
      accs.set(key, a);
    }
    a.requests++;
    a.rows += n;
    latency.observe(a.latencyLabels, seconds);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}
