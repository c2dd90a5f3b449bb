// Prometheus metrics of the serving process, per model and version.
import client from 'prom-client';

export function servingMetrics(reg: client.Registry) {
  return {
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
    backlog: new client.Gauge({ name: 'vigil_log_backlog_records', help: 'Predictions acknowledged but not yet in Postgres', registers: [reg] }),
    spoolBytes: new client.Gauge({ name: 'vigil_spool_bytes', help: 'Bytes in the local prediction spool', registers: [reg] }),
    quarantined: new client.Counter({ name: 'vigil_log_quarantined_records_total', help: 'Prediction records Postgres refused, moved to prediction_quarantine', registers: [reg] }),
    tornTails: new client.Counter({ name: 'vigil_log_torn_tails_total', help: 'Spool segments that ended in a torn line (a crash mid-write; never acknowledged)', registers: [reg] }),
    spoolWriteFailures: new client.Counter({ name: 'vigil_spool_write_failures_total', help: 'Spool writes that failed (disk full, I/O error); nothing of them was acknowledged', registers: [reg] }),
    spoolFull: new client.Counter({ name: 'vigil_spool_full_refusals_total', help: 'Requests answered 503 because the spool held VIGIL_SPOOL_MAX_BYTES', registers: [reg] }),
    loadFailures: new client.Gauge({ name: 'vigil_serving_load_failures', help: 'Versions this instance could not load, by model, alias and version (1 while failing)', labelNames: ['model', 'alias', 'version'], registers: [reg] }),
    unhandled: new client.Counter({ name: 'vigil_serve_unhandled_rejections_total', help: 'Promise rejections no code handled (logged; serving went on)', registers: [reg] }),
    serverErrors: new client.Counter({ name: 'vigil_serve_server_errors_total', help: 'Requests answered 5xx, by kind', labelNames: ['kind'], registers: [reg] }),
  };
}

export type ServingMetrics = ReturnType<typeof servingMetrics>;
