// Starts one BullMQ Worker per queue that has a processor, plus the outbox sweeper.
import { Worker } from 'bullmq';
import { eq, inArray, and, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { jobs } from '@/server/db/schema';
import { bullConnection } from './connection';
import { QUEUES } from './contract';
import { dispatchPending, queueFor } from './enqueue';
import { processors } from './processors';
import { syncAllRetrainSchedules } from '@/server/services/retraining/schedule';

export async function startWorkers(): Promise<{ workers: Worker[]; stop: () => Promise<void> }> {
  const { connection, prefix } = bullConnection();
  const workers = processors.map((p) => {
    const lockDuration = env().VIGIL_JOB_LOCK_MS;
    // Long CPU-bound steps block the event loop, so the lock is renewed between iterations only;
    // a stalled job (its worker died) is retried once, then failed.
    const w = new Worker(p.queue, p.process, { connection, prefix, concurrency: p.concurrency ?? 1, lockDuration, stalledInterval: lockDuration, maxStalledCount: 1 });
    const onFailed = async (job: Parameters<typeof p.process>[0] | undefined, err: Error) => {
      if (!job) return;
      const attempts = job.opts.attempts ?? 1;
      const final = err.name === 'UnrecoverableError' || job.attemptsMade >= attempts || /stalled more than/.test(err.message);
      console.error(`${p.queue} job ${job.id} ${final ? 'failed' : 'attempt failed'}: ${err.message}`);
      if (!final) return;
      // A job that stalled (its worker died) never reached runTracked's catch: settle the row here.
      await db()
        .update(jobs)
        .set({ status: 'failed', error: err.message, finishedAt: sql`now()` })
        .where(and(eq(jobs.id, String(job.id)), inArray(jobs.status, ['queued', 'running'])));
      await p.onFinalFailure?.(job, err.message).catch((e) => console.error(`onFinalFailure: ${e}`));
    };
    // A listener's rejection would be unhandled (a crashed worker, e.g. during a Postgres outage).
    w.on('failed', (job, err) => {
      onFailed(job, err).catch((e: unknown) => console.error(`${p.queue} job ${job?.id}: could not record the failure: ${(e as Error).message}`));
    });
    w.on('error', (e) => console.error(`${p.queue} worker error: ${e.message}`));
    return w;
  });
  // Scheduled jobs (BullMQ job schedulers: one schedule in Redis however many workers run).
  const cfg = env();
  await queueFor(QUEUES.maintenance.name).upsertJobScheduler('daily-maintenance', { pattern: '17 3 * * *' }, { name: 'daily', data: { v: 1 }, opts: { removeOnComplete: 30, removeOnFail: 30 } });
  await queueFor(QUEUES.monitor.name).upsertJobScheduler('monitor', { every: cfg.VIGIL_MONITOR_EVERY_MS }, { name: 'pass', data: { v: 1 }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  await queueFor(QUEUES.rollout.name).upsertJobScheduler('rollout', { every: cfg.VIGIL_ROLLOUT_EVERY_MS }, { name: 'pass', data: { v: 1 }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  await syncAllRetrainSchedules();
  if (cfg.VIGIL_DEMO_SERVING_KEY) {
    await queueFor(QUEUES.demoTraffic.name).upsertJobScheduler('demo-traffic', { every: cfg.VIGIL_DEMO_TRAFFIC_EVERY_MS }, { name: 'tick', data: { v: 1 }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }
  const sweep = setInterval(() => void dispatchPending(db()).catch(() => {}), 10_000);
  sweep.unref();
  await dispatchPending(db(), 0).catch(() => {});
  return {
    workers,
    stop: async () => {
      clearInterval(sweep);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
