// Vigil's own metrics (names documented in README.md § Operations, charted by
// ops/grafana/vigil.json). Created once per process on first use, in the process's registry.
import client from 'prom-client';
import { metricsRegistry } from './metrics';

function build() {
  const registers = [metricsRegistry()];
  const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];
  return {
    jobWait: new client.Histogram({ name: 'vigil_job_wait_seconds', help: 'Time a job waited in its queue before a worker took it', labelNames: ['queue'], buckets: secondsBuckets, registers }),
    jobProcessing: new client.Histogram({ name: 'vigil_job_processing_seconds', help: 'Time a worker spent on one job attempt', labelNames: ['queue', 'outcome'], buckets: secondsBuckets, registers }),
    jobFailures: new client.Counter({ name: 'vigil_job_failures_total', help: 'Failed job attempts (final: no retry left, or a permanent error)', labelNames: ['queue', 'final'], registers }),
    monitorPassSeconds: new client.Histogram({ name: 'vigil_monitor_pass_seconds', help: 'Duration of one model in a monitoring pass', labelNames: ['model'], buckets: secondsBuckets, registers }),
    monitorLastSuccess: new client.Gauge({ name: 'vigil_monitor_last_success_timestamp_seconds', help: 'When the monitoring pass last succeeded for the model (unix seconds)', labelNames: ['model'], registers }),
    monitorLag: new client.Gauge({ name: 'vigil_monitor_lag_seconds', help: 'How far the rollups lag behind the newest ingested prediction of the model', labelNames: ['model'], registers }),
    monitorFailures: new client.Counter({ name: 'vigil_monitor_model_failures_total', help: 'Monitoring passes that failed for a model (the others went on)', labelNames: ['model'], registers }),
    alertsFiring: new client.Gauge({ name: 'vigil_alerts_firing', help: 'Firing alerts per model and severity, after the last monitoring pass', labelNames: ['model', 'severity'], registers }),
    webhookAttempts: new client.Counter({ name: 'vigil_webhook_attempts_total', help: 'Webhook delivery attempts by outcome (delivered, failed, dead)', labelNames: ['outcome'], registers }),
    outboxBacklog: new client.Gauge({ name: 'vigil_outbox_backlog', help: 'Outbox rows waiting for hand-over (jobs: queued rows; webhooks: pending deliveries)', labelNames: ['outbox'], registers }),
    queueDepth: new client.Gauge({ name: 'vigil_queue_jobs', help: 'Jobs in each BullMQ queue by state (sampled by the worker)', labelNames: ['queue', 'state'], registers }),
    trpcSeconds: new client.Histogram({ name: 'vigil_trpc_request_seconds', help: 'tRPC procedure latency', labelNames: ['procedure', 'type', 'ok'], buckets: secondsBuckets, registers }),
    swallowed: new client.Counter({ name: 'vigil_errors_handled_total', help: 'Errors caught, logged and not rethrown, by component', labelNames: ['component'], registers }),
  };
}

const g = globalThis as unknown as { __vigilAppMetrics?: ReturnType<typeof build> };

export function appMetrics(): ReturnType<typeof build> {
  g.__vigilAppMetrics ??= build();
  return g.__vigilAppMetrics;
}
