import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { batchScores, datasetVersions, models, modelVersions } from '@/server/db/schema';
import { dispatch, enqueue } from '@/server/queue/enqueue';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { inTransaction } from '../transaction';

export const startBatchScoreInput = z.object({
  model: z.string(),
  version: z.number().int().positive(),
  datasetVersionId: z.string().uuid(),
  /** gpu: queued for GPU workers only (onnxruntime's CUDA provider when installed there, else CPU with the reason in the job log). */
  device: z.enum(['cpu', 'gpu']).default('cpu'),
});

export async function startBatchScore(ctx: ServiceContext, input: z.input<typeof startBatchScoreInput>) {
  const actor = requirePermission(ctx, 'training.run');
  const data = startBatchScoreInput.parse(input);
  const res = await inTransaction(ctx, async (tx) => {
    const [mv] = await tx
      .select({ id: modelVersions.id })
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(and(eq(models.name, data.model), eq(modelVersions.version, data.version)));
    if (!mv) throw notFound(`${data.model} v${data.version}`);
    const [dv] = await tx.select({ id: datasetVersions.id, sha: datasetVersions.sha256 }).from(datasetVersions).where(eq(datasetVersions.id, data.datasetVersionId));
    if (!dv) throw notFound('dataset version');
    const [b] = await tx.insert(batchScores).values({ modelVersionId: mv.id, datasetVersionId: dv.id, createdBy: actor.kind === 'user' ? actor.id : null }).returning();
    const job = await enqueue(tx, actor, data.device === 'gpu' ? 'batchScoreGpu' : 'batchScore', { v: 1, batchScoreId: b.id }, { title: `score ${dv.sha.slice(0, 8)} with ${data.model} v${data.version}`, targetType: 'batch_score', targetId: b.id });
    const [withJob] = await tx.update(batchScores).set({ jobId: job.id }).where(eq(batchScores.id, b.id)).returning();
    await writeAudit(tx, actor, { action: 'batch_score.start', targetType: 'batch_score', targetId: b.id, after: { model: data.model, version: data.version, datasetVersionId: dv.id, ...(data.device === 'gpu' ? { device: 'gpu' } : {}) } });
    return { batch: withJob, jobId: job.id };
  });
  await dispatch(ctx.db, [res.jobId]);
  return res.batch;
}
