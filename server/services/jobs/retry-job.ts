import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { jobs, runs } from '@/server/db/schema';
import { dispatch, queueFor } from '@/server/queue/enqueue';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { inTransaction } from '../transaction';

export const retryJobInput = z.object({ jobId: z.string().uuid() });

/** Puts a failed or cancelled job back in its queue (same job, same inputs). */
export async function retryJob(ctx: ServiceContext, input: z.input<typeof retryJobInput>) {
  const actor = requirePermission(ctx, 'training.run');
  const data = retryJobInput.parse(input);
  const job = await inTransaction(ctx, async (tx) => {
    const [j] = await tx.select().from(jobs).where(eq(jobs.id, data.jobId)).for('update');
    if (!j) throw notFound('job');
    if (j.status !== 'failed' && j.status !== 'cancelled') throw badRequest(`only failed or cancelled jobs can be retried; this one is ${j.status}`, 'jobId');
    const [after] = await tx
      .update(jobs)
      .set({ status: 'queued', progress: 0, error: null, cancelRequestedAt: null, finishedAt: null })
      .where(eq(jobs.id, j.id))
      .returning();
    if (j.targetType === 'run' && j.targetId) {
      await tx.update(runs).set({ status: 'queued', progress: 0, error: null, finishedAt: null }).where(eq(runs.id, j.targetId));
    }
    await writeAudit(tx, actor, { action: 'job.retry', targetType: 'job', targetId: j.id, before: { status: j.status, error: j.error }, after: { status: 'queued' } });
    return after;
  });
  // The old BullMQ job (same id) may still be kept as failed: remove it so the id can be reused.
  await queueFor(job.queue).remove(job.id).catch(() => 0);
  await dispatch(ctx.db, [job.id]);
  return job;
}
