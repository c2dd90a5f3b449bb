// The worker process: consumes the BullMQ queues of server/queue/contract.ts. Any number of
// workers on any number of hosts may run; each job's state lives in Redis and Postgres.
import { env } from '@/server/env';
import { startMetricsServer } from '@/server/http/metrics-server';
import { checkHealth } from '@/server/observability/health';
import { metricsRegistry } from '@/server/observability/metrics';
import { startWorkers } from '@/server/queue/start-workers';

const cfg = env();
const registry = metricsRegistry('worker');
const metricsServer = cfg.VIGIL_WORKER_METRICS_PORT ? startMetricsServer(cfg.VIGIL_WORKER_METRICS_PORT, registry, async () => ({ ok: (await checkHealth()).status === 'ok' })) : null;

const { workers, stop } = await startWorkers();
console.log(`worker consuming ${workers.map((w) => w.name).join(', ') || 'no queues'}`);

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
