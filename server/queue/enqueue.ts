// Typed enqueueing through a transactional outbox: the `jobs` row is written in the caller's
// transaction (so a job exists exactly when the change that needs it commits), and handed to
// BullMQ after commit with the row id as the BullMQ job id (so a repeat hand-over is a no-op).
// A sweeper in the worker re-dispatches rows still `queued`, which covers a crash in between.
import { Queue, type Job as BullJob, type JobsOptions } from 'bullmq';
import { connectionErrorThrottle } from '@/server/observability/log-throttle';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/server/db/client';
import { jobs, type Job } from '@/server/db/schema';
import type { Actor } from '@/server/services/context';
import { appMetrics } from '@/server/observability/app-metrics';
import { logger } from '@/server/observability/logger';
import { bullConnection } from './connection';
import { failFast } from './failures';
import { QUEUES, type Payload, type QueueKey } from './contract';

const g = globalThis as unknown as { __vigilQueues?: Map<string, Queue> };

const log = logger({ component: 'queue' });

/** How long a producer waits for Redis before giving up (the outbox sweeper hands the job over later). */
export const PRODUCER_TIMEOUT_MS = 2000;

/**
 * A producer's queue. Commands fail at once while Redis is down (no offline queue), so a web
 * request never hangs on Redis; connection errors are counted and logged, not thrown.
 */
export function queueFor(name: string): Queue {
  g.__vigilQueues ??= new Map();
  let q = g.__vigilQueues.get(name);
  if (!q) {
    const { connection, prefix } = bullConnection();
    q = new Queue(name, { connection: { ...connection, enableOfflineQueue: false }, prefix });
    q.on('error', (e) => {
      appMetrics().swallowed.inc({ component: 'queue' });
      connectionErrorThrottle().hit(`queue:${name}`, (suppressed) => log.warn({ queue: name, err: e.message, ...(suppressed ? { suppressed } : {}) }, 'queue connection error'));
    });
    g.__vigilQueues.set(name, q);
  }
  return q;
}

/** Adds a job, failing within PRODUCER_TIMEOUT_MS when Redis is unreachable. */
export function addJob(queue: string, name: string, data: unknown, opts: JobsOptions): Promise<BullJob> {
  return failFast(queueFor(queue).add(name, data, opts), PRODUCER_TIMEOUT_MS, `adding a ${queue} job`);
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...(g.__vigilQueues?.values() ?? [])].map((q) => q.close()));
  g.__vigilQueues?.clear();
}

export async function enqueue<K extends QueueKey>(
  tx: DbOrTx,
  actor: Actor,
  key: K,
  payload: Payload<K>,
  meta: { title: string; targetType?: string; targetId?: string },
): Promise<Job> {
  const def = QUEUES[key];
  const data = def.payload.parse(payload);
  const [job] = await tx
    .insert(jobs)
    .values({ queue: def.name, title: meta.title, payload: data, targetType: meta.targetType, targetId: meta.targetId, createdBy: actor.kind === 'user' ? actor.id : null })
    .returning();
  return job;
}

function defaultsFor(queue: string) {
  return Object.values(QUEUES).find((q) => q.name === queue)?.defaults ?? {};
}

/**
 * Hands committed job rows to BullMQ. Safe to call more than once for the same job. While Redis
 * is down it gives up fast and leaves the rows `queued`: the worker's sweeper hands them over
 * once Redis is back, so the caller's change (already committed) does not fail.
 */
export async function dispatch(db: DbOrTx, jobIds: string[]): Promise<void> {
  if (jobIds.length === 0) return;
  const rows = await db.select().from(jobs).where(and(inArray(jobs.id, jobIds), eq(jobs.status, 'queued')));
  for (const j of rows) {
    try {
      await addJob(j.queue, j.queue, j.payload, {
        ...defaultsFor(j.queue),
        jobId: j.id,
        removeOnComplete: { age: 24 * 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
    } catch (e) {
      appMetrics().swallowed.inc({ component: 'queue' });
      log.warn({ job: j.id, queue: j.queue, err: (e as Error).message }, 'could not hand the job to the queue; the outbox sweeper will');
    }
  }
}

/** Re-dispatches jobs left `queued` for longer than `olderThanSeconds` (crash between commit and hand-over). */
export async function dispatchPending(db: Db, olderThanSeconds = 10): Promise<number> {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'queued'), lt(jobs.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`)))
    .limit(100);
  await dispatch(db, rows.map((r) => r.id));
  return rows.length;
}
