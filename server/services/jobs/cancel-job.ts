import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { jobs, runs } from '@/server/db/schema';
import { queueFor } from '@/server/queue/enqueue';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { inTransaction } from '../transaction';

export const cancelJobInput = z.object({ jobId: z.string().uuid(), reason: z.string().max(500).optional() });

/**
 * Requests cancellation. A queued job is cancelled at once; a running one stops at its next
 * check (between training iterations) and is then marked cancelled by the worker.
 */
export async function cancelJob(ctx: ServiceContext, input: z.input<typeof cancelJobInput>) {
  const actor = requirePermission(ctx, 'training.run');
  const data = cancelJobInput.parse(input);
  const job = await inTransaction(ctx, async (tx) => {
    const [j] = await tx.select().from(jobs).where(eq(jobs.id, data.jobId)).for('update');
    if (!j) throw notFound('job');
    if (j.status !== 'queued' && j.status !== 'running') throw badRequest(`job is already ${j.status}`, 'jobId');
    const settleNow = j.status === 'queued';
    const [after] = await tx
      .update(jobs)
      .set(settleNow ? { cancelRequestedAt: sql`now()`, status: 'cancelled', finishedAt: sql`now()` } : { cancelRequestedAt: sql`now()` })
      .where(eq(jobs.id, j.id))
      .returning();
    if (settleNow && j.targetType === 'run' && j.targetId) {
      await tx.update(runs).set({ status: 'cancelled', finishedAt: sql`now()`, error: 'cancelled before it started' }).where(eq(runs.id, j.targetId));
    }
    await writeAudit(tx, actor, { action: 'job.cancel', targetType: 'job', targetId: j.id, before: { status: j.status }, after: { status: after.status, cancelRequested: true }, reason: data.reason });
    return after;
  });
  if (job.status === 'cancelled') await queueFor(job.queue).remove(job.id).catch(() => 0);
  return job;
}
