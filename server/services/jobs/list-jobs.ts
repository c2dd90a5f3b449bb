// The jobs table: every background job, one page at a time (ARCHITECTURE.md "Lists"), sorted by a
// whitelisted key and filtered by status, queue, target and title. The payload stays out of the
// page (it can be large); the job page reads it.
import { and, asc, count, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { JOB_STATUSES, jobLogs, jobs } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { containsPattern, filterText, orderFor, pageParams, type Page } from '../lists/list-query';

export const JOB_SORT_KEYS = ['createdAt', 'startedAt', 'finishedAt', 'title', 'queue', 'status', 'attempts'] as const;
export type JobSortKey = (typeof JOB_SORT_KEYS)[number];

export const listJobsInput = z
  .object({
    ...pageParams(JOB_SORT_KEYS, { sort: 'createdAt', dir: 'desc' }),
    status: z.array(z.enum(JOB_STATUSES)).max(JOB_STATUSES.length).optional(),
    queue: filterText.optional(),
    targetType: filterText.optional(),
    targetId: filterText.optional(),
    /** Title contains this (case-insensitive). */
    q: filterText.optional(),
  })
  .strict();
export type ListJobsInput = z.input<typeof listJobsInput>;

const SORT_EXPR: Record<JobSortKey, SQL | typeof jobs.createdAt> = {
  createdAt: jobs.createdAt,
  startedAt: sql`${jobs.startedAt}`,
  finishedAt: sql`${jobs.finishedAt}`,
  title: sql`lower(${jobs.title})`,
  queue: sql`${jobs.queue}`,
  status: sql`${jobs.status}`,
  attempts: sql`${jobs.attempts}`,
};

export async function listJobs(ctx: ServiceContext, input: ListJobsInput) {
  requirePermission(ctx, 'console.read');
  const q = listJobsInput.parse(input);
  const where: SQL[] = [];
  if (q.status?.length) where.push(inArray(jobs.status, q.status));
  if (q.queue) where.push(eq(jobs.queue, q.queue));
  if (q.targetType) where.push(eq(jobs.targetType, q.targetType));
  if (q.targetId) where.push(eq(jobs.targetId, q.targetId));
  if (q.q) where.push(like(sql`lower(${jobs.title})`, containsPattern(q.q)));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({
        id: jobs.id,
        queue: jobs.queue,
        title: jobs.title,
        status: jobs.status,
        progress: jobs.progress,
        targetType: jobs.targetType,
        targetId: jobs.targetId,
        error: jobs.error,
        attempts: jobs.attempts,
        createdAt: jobs.createdAt,
        startedAt: jobs.startedAt,
        finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .where(cond)
      .orderBy(...orderFor(SORT_EXPR[q.sort], q.dir, jobs.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(jobs).where(cond),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit } satisfies Page<(typeof rows)[number]>;
}

export async function getJob(ctx: ServiceContext, input: { jobId: string }) {
  requirePermission(ctx, 'console.read');
  const [job] = await ctx.db.select().from(jobs).where(eq(jobs.id, input.jobId));
  if (!job) throw notFound('job');
  const logs = await ctx.db.select().from(jobLogs).where(eq(jobLogs.jobId, job.id)).orderBy(asc(jobLogs.id)).limit(2000);
  return { job, logs };
}
