import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { JOB_STATUSES, jobLogs, jobs } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

export const listJobsInput = z.object({
  status: z.array(z.enum(JOB_STATUSES)).optional(),
  targetType: z.string().optional(),
  targetId: z.string().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export async function listJobs(ctx: ServiceContext, input: z.input<typeof listJobsInput>) {
  requirePermission(ctx, 'console.read');
  const q = listJobsInput.parse(input);
  const where: SQL[] = [];
  if (q.status?.length) where.push(inArray(jobs.status, q.status));
  if (q.targetType) where.push(eq(jobs.targetType, q.targetType));
  if (q.targetId) where.push(eq(jobs.targetId, q.targetId));
  return ctx.db.select().from(jobs).where(where.length ? and(...where) : undefined).orderBy(desc(jobs.createdAt)).limit(q.limit);
}

export async function getJob(ctx: ServiceContext, input: { jobId: string }) {
  requirePermission(ctx, 'console.read');
  const [job] = await ctx.db.select().from(jobs).where(eq(jobs.id, input.jobId));
  if (!job) throw notFound('job');
  const logs = await ctx.db.select().from(jobLogs).where(eq(jobLogs.jobId, job.id)).orderBy(asc(jobLogs.id)).limit(2000);
  return { job, logs };
}
