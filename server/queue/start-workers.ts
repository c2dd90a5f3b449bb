// Starts one BullMQ Worker per queue that has a processor, plus the outbox sweeper (jobs and
// webhook deliveries) and the queue-depth sampler.
import { Worker, type Job as BullJob } from 'bullmq';
import { eq, inArray, and, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { jobs } from '@/server/db/schema';
import { appMetrics } from '@/server/observability/app-metrics';
import { logger } from '@/server/observability/logger';
import { sweepDeliveries } from '@/server/services/monitoring/webhook-outbox';
import { bullConnection } from './connection';
import { QUEUES } from './contract';
import { dispatchPending, queueFor } from './enqueue';
import { isFinalFailure } from './failures';
import { processors } from './processors';
import { syncAllRetrainSchedules } from '@/server/services/retraining/schedule';

const log = logger({ component: 'worker' });

/** One sweep: hand over overdue job rows and webhook deliveries; sample queue depths. Never throws. */
async function sweep(graceSeconds: number): Promise<void> {
  const metrics = appMetrics();
  const steps: [string, () => Promise<unknown>][] = [
    ['jobs outbox', () => dispatchPending(db(), graceSeconds)],
    ['webhook outbox', () => sweepDeliveries(db(), graceSeconds)],
    [
      'queue depth',
      async () => {
        const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(jobs).where(eq(jobs.status, 'queued'));
        metrics.outboxBacklog.set({ outbox: 'jobs' }, n);
        for (const p of processors) {
          const counts = await queueFor(p.queue).getJobCounts('waiting', 'active', 'delayed', 'failed');
          for (const [state, count] of Object.entries(counts)) metrics.queueDepth.set({ queue: p.queue, state }, count);
        }
      },
    ],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (e) {
      metrics.swallowed.inc({ component: 'sweeper' });
      log.warn({ err: e, step: what }, 'sweep step failed; the next sweep tries again');
    }
  }
}

export async function startWorkers(): Promise<{ workers: Worker[]; stop: () => Promise<void> }> {
  const { connection, prefix } = bullConnection();
  const metrics = appMetrics();
  const workers = processors.map((p) => {
    const lockDuration = env().VIGIL_JOB_LOCK_MS;
    const process = async (job: BullJob, token?: string) => {
      const started = Date.now();
      metrics.jobWait.observe({ queue: p.queue }, Math.max(0, started - job.timestamp - (job.opts.delay ?? 0)) / 1000);
      try {
        const r: unknown = await p.process(job, token);
        metrics.jobProcessing.observe({ queue: p.queue, outcome: 'ok' }, (Date.now() - started) / 1000);
        return r;
      } catch (e) {
        metrics.jobProcessing.observe({ queue: p.queue, outcome: 'error' }, (Date.now() - started) / 1000);
        throw e;
      }
    };
    // Long CPU-bound steps block the event loop, so the lock is renewed between iterations only;
    // a stalled job (its worker died) is retried once, then failed.
    const w = new Worker(p.queue, process, { connection, prefix, concurrency: p.concurrency ?? 1, lockDuration, stalledInterval: lockDuration, maxStalledCount: 1 });
    const onFailed = async (job: BullJob | undefined, err: Error) => {
      if (!job) return;
      const final = isFinalFailure(job, err);
      metrics.jobFailures.inc({ queue: p.queue, final: String(final) });
      log[final ? 'error' : 'warn']({ queue: p.queue, job: job.id, attempt: job.attemptsMade, err: err.message }, final ? 'job failed' : 'job attempt failed; it will be retried');
      if (!final) return;
      // A job that stalled (its worker died) never reached runTracked's catch: settle the row here.
      await db()
        .update(jobs)
        .set({ status: 'failed', error: err.message, finishedAt: sql`now()` })
        .where(and(eq(jobs.id, String(job.id)), inArray(jobs.status, ['queued', 'running'])));
      await p.onFinalFailure?.(job, err.message);
    };
    // A listener's rejection would be unhandled (a crashed worker, e.g. during a Postgres outage).
    w.on('failed', (job, err) => {
      onFailed(job, err).catch((e: unknown) => {
        metrics.swallowed.inc({ component: 'worker' });
        log.error({ queue: p.queue, job: job?.id, err: e }, 'could not record the job failure');
      });
    });
    w.on('error', (e) => {
      metrics.swallowed.inc({ component: 'worker' });
      log.error({ queue: p.queue, err: e }, 'worker error');
    });
    return w;
  });
  // Scheduled jobs (BullMQ job schedulers: one schedule in Redis however many workers run).
  const cfg = env();
  await queueFor(QUEUES.maintenance.name).upsertJobScheduler('daily-maintenance', { pattern: '17 3 * * *' }, { name: 'daily', data: { v: 1 }, opts: { ...QUEUES.maintenance.defaults, removeOnComplete: 30, removeOnFail: 30 } });
  await queueFor(QUEUES.monitor.name).upsertJobScheduler('monitor', { every: cfg.VIGIL_MONITOR_EVERY_MS }, { name: 'pass', data: { v: 1 }, opts: { ...QUEUES.monitor.defaults, removeOnComplete: 100, removeOnFail: 100 } });
  await queueFor(QUEUES.rollout.name).upsertJobScheduler('rollout', { every: cfg.VIGIL_ROLLOUT_EVERY_MS }, { name: 'pass', data: { v: 1 }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  await syncAllRetrainSchedules();
  if (cfg.VIGIL_DEMO_SERVING_KEY) {
    await queueFor(QUEUES.demoTraffic.name).upsertJobScheduler('demo-traffic', { every: cfg.VIGIL_DEMO_TRAFFIC_EVERY_MS }, { name: 'tick', data: { v: 1 }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }
  const timer = setInterval(() => void sweep(15), 10_000);
  timer.unref();
  // At start, everything left over (a crash between commit and hand-over) goes at once.
  await sweep(0);
  return {
    workers,
    stop: async () => {
      clearInterval(timer);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
