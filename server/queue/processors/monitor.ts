import { db } from '@/server/db/client';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { attemptDelivery } from '@/server/services/monitoring/webhook-outbox';
import { QUEUES } from '../contract';
import type { ProcessorSpec } from './index';

export const monitorProcessor: ProcessorSpec = {
  queue: QUEUES.monitor.name,
  async process() {
    const r = await runMonitor();
    // The other models are done; failing the job makes the queue retry the failed ones (a pass is idempotent).
    if (r.failed.length) throw new Error(`monitoring failed for ${r.failed.length} of ${r.models} models: ${r.failed.join(', ')}`);
    return r;
  },
};

export const webhookProcessor: ProcessorSpec = {
  queue: QUEUES.webhook.name,
  concurrency: 4,
  async process(job) {
    const { deliveryId } = QUEUES.webhook.payload.parse(job.data);
    // One attempt per job; the outbox row keeps the count, the backoff and the dead letter.
    return { outcome: await attemptDelivery(db(), deliveryId) };
  },
};
