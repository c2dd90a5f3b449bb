import { db } from '@/server/db/client';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { deliver } from '@/server/services/monitoring/webhooks';
import { QUEUES } from '../contract';
import type { ProcessorSpec } from './index';

export const monitorProcessor: ProcessorSpec = {
  queue: QUEUES.monitor.name,
  process: () => runMonitor(),
};

export const webhookProcessor: ProcessorSpec = {
  queue: QUEUES.webhook.name,
  concurrency: 4,
  async process(job) {
    const { deliveryId } = QUEUES.webhook.payload.parse(job.data);
    await deliver(db(), deliveryId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  },
};
