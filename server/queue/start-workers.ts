// Starts one BullMQ Worker per queue that has a processor and that this worker's capabilities
// allow (cpu: the ordinary queues; gpu: the GPU queues, one job per GPU), plus the outbox sweeper
// (jobs and webhook deliveries), the queue-depth sampler and the heartbeat that lists the worker
// as online (./worker-registry.ts).
import { Worker, type Job as BullJob } from 'bullmq';
import { connectionErrorThrottle } from '@/server/observability/log-throttle';
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
import { failFast, isFinalFailure } from './failures';
import { processors, type ProcessorSpec } from './processors';
import { gpuTrainProcessor } from './processors/train';
import { gpuBatchScoreProcessor } from './processors/batch-score';
import { detectGpus } from './detect-gpus';
import { GpuSlots } from './gpu-slots';
import { parseCapabilities, parseGpuList, resolveCapabilities, type Capability, type ResolvedCapabilities } from './worker-capabilities';
import { HEARTBEAT_MS, newWorkerId, removeWorker, workerIdentity, writeHeartbeat } from './worker-registry';
import { redis } from '@/server/redis';
import { syncAllRetrainSchedules } from '@/server/services/retraining/schedule';

const log = logger({ component: 'worker' });

/** How often a worker that could not reach Redis at start tries again to set the job schedules. */
const SCHEDULE_RETRY_MS = 5000;
/** BullMQ commands wait for Redis rather than fail; these bound the waits at start and in each sweep. */
const SCHEDULE_TIMEOUT_MS = 10_000;
const SWEEP_STEP_TIMEOUT_MS = 10_000;

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
        // Every queue, including those this worker does not consume (a GPU queue's backlog shows on a CPU host too).
        for (const { name } of Object.values(QUEUES)) {
          const counts = await queueFor(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
          for (const [state, count] of Object.entries(counts)) metrics.queueDepth.set({ queue: name, state }, count);
        }
      },
    ],
  ];
  for (const [what, step] of steps) {
    try {
      // BullMQ calls wait (not fail) while Redis is down: bound each step so a sweep always ends.
      await failFast(step(), SWEEP_STEP_TIMEOUT_MS, `the ${what} sweep step`);
    } catch (e) {
      metrics.swallowed.inc({ component: 'sweeper' });
      log.warn({ err: e, step: what }, 'sweep step failed; the next sweep tries again');
    }
  }
}

export interface StartWorkersOptions {
  /** Overrides VIGIL_WORKER_CAPABILITIES (tests start a CPU-only and a GPU worker in one process). */
  capabilities?: Capability[];
  /** Overrides VIGIL_WORKER_GPUS. */
  gpus?: string[];
}

/** Capabilities from the options or the environment, combined with what nvidia-smi reports. */
export async function workerCapabilities(opts: StartWorkersOptions = {}): Promise<ResolvedCapabilities> {
  const cfg = env();
  const configured = opts.capabilities ?? parseCapabilities(cfg.VIGIL_WORKER_CAPABILITIES);
  const gpuList = opts.gpus ?? parseGpuList(cfg.VIGIL_WORKER_GPUS);
  // A worker told `cpu` only does not need to ask.
  const detected = configured && !configured.includes('gpu') && !gpuList ? { gpus: [], error: null, skipped: [] } : await detectGpus();
  for (const line of detected.skipped) log.warn({ line }, 'nvidia-smi line not understood; left out');
  return resolveCapabilities({ configured, gpuList, detected: detected.gpus, detectError: detected.error });
}

/** The scheduled jobs (BullMQ job schedulers: one schedule in Redis however many workers run). */
async function setUpSchedules(): Promise<void> {
  const cfg = env();
  await queueFor(QUEUES.maintenance.name).upsertJobScheduler('daily-maintenance', { pattern: '17 3 * * *' }, { name: 'daily', data: { v: 1 }, opts: { ...QUEUES.maintenance.defaults, removeOnComplete: 30, removeOnFail: 30 } });
  await queueFor(QUEUES.monitor.name).upsertJobScheduler('monitor', { every: cfg.VIGIL_MONITOR_EVERY_MS }, { name: 'pass', data: { v: 1 }, opts: { ...QUEUES.monitor.defaults, removeOnComplete: 100, removeOnFail: 100 } });
  await queueFor(QUEUES.rollout.name).upsertJobScheduler('rollout', { every: cfg.VIGIL_ROLLOUT_EVERY_MS }, { name: 'pass', data: { v: 1 }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  await syncAllRetrainSchedules();
  if (cfg.VIGIL_DEMO_SERVING_KEY) {
    await queueFor(QUEUES.demoTraffic.name).upsertJobScheduler('demo-traffic', { every: cfg.VIGIL_DEMO_TRAFFIC_EVERY_MS }, { name: 'tick', data: { v: 1 }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }
}

export async function startWorkers(opts: StartWorkersOptions = {}): Promise<{ workers: Worker[]; id: string; capabilities: ResolvedCapabilities; stop: () => Promise<void> }> {
  const { connection, prefix } = bullConnection();
  const metrics = appMetrics();
  const caps = await workerCapabilities(opts);
  for (const note of caps.notes) log.warn({ note }, 'worker capabilities');
  // Declared before the slots so a slot change can refresh the heartbeat (set once the worker is online).
  let beatNow: () => void = () => {};
  const slots = new GpuSlots(
    caps.gpus.map((g) => g.index),
    () => beatNow(),
  );
  const specs: ProcessorSpec[] = [...(caps.capabilities.includes('cpu') ? processors : []), ...(caps.capabilities.includes('gpu') ? [gpuTrainProcessor(slots), gpuBatchScoreProcessor(slots)] : [])];
  const workers = specs.map((p) => {
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
      // A Redis outage repeats this on every reconnect attempt: one line per interval per queue.
      connectionErrorThrottle().hit(`worker:${p.queue}`, (suppressed) => log.error({ queue: p.queue, err: e, ...(suppressed ? { suppressed } : {}) }, 'worker error'));
    });
    return w;
  });
  // A worker started while Redis is down still starts (its BullMQ workers reconnect by
  // themselves); the schedules are set as soon as Redis answers, retried every few seconds.
  let scheduleRetry: NodeJS.Timeout | null = null;
  let stopping = false;
  const trySchedules = async (): Promise<void> => {
    try {
      await failFast(setUpSchedules(), SCHEDULE_TIMEOUT_MS, 'setting the job schedules');
      log.info('job schedules set');
    } catch (e) {
      metrics.swallowed.inc({ component: 'worker' });
      log.warn({ err: e instanceof Error ? e.message : String(e), retryMs: SCHEDULE_RETRY_MS }, 'could not set the job schedules (is Redis reachable?); trying again');
      if (!stopping) scheduleRetry = setTimeout(() => void trySchedules(), SCHEDULE_RETRY_MS);
    }
  };
  // With Redis up, the schedules and the first sweep are done before the worker says it is
  // online (as before); with Redis down they go on in the background so the worker starts.
  const redisUp = await failFast(redis().ping(), 2000, 'a Redis ping').then(
    () => true,
    () => false,
  );
  if (!redisUp) log.warn('Redis is not reachable at start: the worker starts anyway and sets its schedules once Redis answers');
  const scheduled = trySchedules();
  if (redisUp) await scheduled;
  const timer = setInterval(() => void sweep(15), 10_000);
  timer.unref();
  // At start, everything left over (a crash between commit and hand-over) goes at once.
  const firstSweep = sweep(0);
  if (redisUp) await firstSweep;

  const id = newWorkerId();
  const record = { id, ...workerIdentity(), capabilities: caps.capabilities, gpus: caps.gpus, queues: workers.map((w) => w.name), startedAt: new Date().toISOString() };
  // Beats are chained (never two writes at once) and stop for good at stop(), so a late beat
  // cannot put a stopped worker back on the list.
  let stopped = false;
  let lastBeat: Promise<void> = Promise.resolve();
  const write = async () => {
    if (stopped) return;
    try {
      await writeHeartbeat(redis(), { ...record, gpuJobs: slots.busy });
    } catch (e) {
      metrics.swallowed.inc({ component: 'worker' });
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'worker heartbeat failed; the next one tries again');
    }
  };
  const beat = () => (lastBeat = lastBeat.then(write));
  const firstBeat = beat();
  if (redisUp) await firstBeat;
  beatNow = () => void beat();
  const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
  heartbeat.unref();
  log.info({ worker: id, capabilities: caps.capabilities, gpus: caps.gpus.map((g) => `${g.index}: ${g.name}`), queues: record.queues }, 'worker online');
  return {
    workers,
    id,
    capabilities: caps,
    stop: async () => {
      stopping = true;
      if (scheduleRetry) clearTimeout(scheduleRetry);
      clearInterval(timer);
      clearInterval(heartbeat);
      await Promise.all(workers.map((w) => w.close()));
      stopped = true;
      await lastBeat;
      await removeWorker(redis(), id).catch((e: unknown) => log.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not remove the worker from the online list; it drops out when its heartbeat expires'));
    },
  };
}
