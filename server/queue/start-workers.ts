// Starts one BullMQ Worker per queue that has a processor. Processors live in server/queue/processors/.
import { Worker } from 'bullmq';
import { bullConnection } from './connection';
import { processors } from './processors';

export async function startWorkers(): Promise<Worker[]> {
  const { connection, prefix } = bullConnection();
  return processors.map((p) => {
    const w = new Worker(p.queue, p.process, { connection, prefix, concurrency: p.concurrency ?? 1 });
    w.on('failed', (job, err) => console.error(`${p.queue} job ${job?.id} failed: ${err.message}`));
    return w;
  });
}
