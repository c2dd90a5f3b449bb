// The worker process: consumes the BullMQ queues of server/queue/contract.ts. Any number of
// workers on any number of hosts may run; each job's state lives in Redis and Postgres.
import { env } from '@/server/env';
import { startMetricsServer } from '@/server/http/metrics-server';
import { checkHealth } from '@/server/observability/health';
import { rootLogger } from '@/server/observability/logger';
import { metricsRegistry } from '@/server/observability/metrics';
import { startWorkers } from '@/server/queue/start-workers';

const cfg = env();
const registry = metricsRegistry('worker');
const log = rootLogger('worker').child({ component: 'worker' });
const metricsServer = cfg.VIGIL_WORKER_METRICS_PORT
  ? startMetricsServer(cfg.VIGIL_WORKER_METRICS_PORT, registry, async () => ({ ok: (await checkHealth()).status === 'ok' }), cfg.VIGIL_WORKER_METRICS_HOST)
  : null;

const { workers, stop } = await startWorkers();
log.info({ queues: workers.map((w) => w.name), metrics: metricsServer ? `${cfg.VIGIL_WORKER_METRICS_HOST}:${cfg.VIGIL_WORKER_METRICS_PORT}` : null }, 'worker consuming queues');

let closing = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => void (async () => {
    if (closing) return;
    closing = true;
    // Let running jobs finish their current step; BullMQ re-queues what is left if we are killed.
    await stop();
    metricsServer?.close();
    process.exit(0);
  })());
}
