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
  };
}

export type ServingMetrics = ReturnType<typeof servingMetrics>;
