// Runs a BullMQ job against its `jobs` row: marks it running, lets the work report progress,
// log lines and check for cancellation, and records the outcome. Errors are classified in
// failures.ts: a permanent one (bad input) fails at once; anything else is retried per the
// queue's defaults, and marks the row failed only when the last attempt fails.
import { UnrecoverableError, type Job as BullJob } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { jobLogs, jobs } from '@/server/db/schema';
import { appMetrics } from '@/server/observability/app-metrics';
import { logger } from '@/server/observability/logger';
import { classifyFailure, PermanentJobError } from './failures';

const log = logger({ component: 'tracked-job' });

export { PermanentJobError };
export class JobCancelled extends Error {
  constructor() {
    super('cancelled by a user');
  }
}

export interface JobReporter {
  jobId: string;
  progress(fraction: number, message?: string): Promise<void>;
  log(message: string, level?: 'info' | 'warn' | 'error', data?: unknown): Promise<void>;
  /** Cheap to call often: reads the cancel flag at most once a second. */
  isCancelled(): boolean;
  /** Refreshes the cancel flag now. */
  checkCancelled(): Promise<boolean>;
}

export async function runTracked<T>(bull: BullJob, work: (r: JobReporter) => Promise<T>): Promise<T | undefined> {
  const jobId = String(bull.id);
  const database = db();
  const [row] = await database.select().from(jobs).where(eq(jobs.id, jobId));
  if (!row) throw new Error(`job ${jobId} has no row yet`); // not committed yet: retry
  if (row.status === 'succeeded' || row.status === 'cancelled' || row.status === 'failed') return undefined; // already settled (duplicate delivery)
  if (row.cancelRequestedAt) {
    await database.update(jobs).set({ status: 'cancelled', finishedAt: sql`now()` }).where(eq(jobs.id, jobId));
    return undefined;
  }
  await database
    .update(jobs)
    .set({ status: 'running', attempts: sql`${jobs.attempts} + 1`, startedAt: sql`coalesce(${jobs.startedAt}, now())`, error: null })
    .where(eq(jobs.id, jobId));

  let cancelled = false;
  let lastCheck = 0;
  const checkCancelled = async () => {
    const [r] = await database.select({ c: jobs.cancelRequestedAt }).from(jobs).where(eq(jobs.id, jobId));
    cancelled = !!r?.c;
    lastCheck = Date.now();
    return cancelled;
  };
  const reporter: JobReporter = {
    jobId,
    async progress(fraction, message) {
      const p = Math.max(0, Math.min(1, fraction));
      await database.update(jobs).set({ progress: p }).where(eq(jobs.id, jobId));
      // The row holds the progress users see; BullMQ's copy is a convenience (Redis may be down).
      await bull.updateProgress(Math.round(p * 100)).catch((e: unknown) => {
        appMetrics().swallowed.inc({ component: 'tracked-job' });
        log.debug({ job: jobId, err: (e as Error).message }, 'could not mirror progress to BullMQ');
      });
      if (message) await reporter.log(message);
      if (Date.now() - lastCheck > 1000) await checkCancelled();
    },
    async log(message, level = 'info', data) {
      await database.insert(jobLogs).values({ jobId, message, level, data: data ?? null });
    },
    isCancelled: () => cancelled,
    checkCancelled,
  };

  try {
    await reporter.log(`attempt ${bull.attemptsMade + 1} started`);
    const result = await work(reporter);
    await database.update(jobs).set({ status: 'succeeded', progress: 1, finishedAt: sql`now()`, error: null }).where(eq(jobs.id, jobId));
    await reporter.log('succeeded');
    return result;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (e instanceof JobCancelled || cancelled) {
      await database.update(jobs).set({ status: 'cancelled', finishedAt: sql`now()` }).where(eq(jobs.id, jobId));
      await reporter.log('cancelled', 'warn');
      return undefined;
    }
    const maxAttempts = bull.opts.attempts ?? 1;
    const final = classifyFailure(e) === 'permanent' || bull.attemptsMade + 1 >= maxAttempts;
    await reporter.log(final ? `failed: ${msg}` : `attempt failed, will retry: ${msg}`, 'error');
    await database
      .update(jobs)
      .set(final ? { status: 'failed', error: msg, finishedAt: sql`now()` } : { status: 'queued', error: msg })
      .where(eq(jobs.id, jobId));
    throw final ? new UnrecoverableError(msg) : e;
  }
}
