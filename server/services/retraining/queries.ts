// Reads for the Retraining tab and `vigil retrains list`.
import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { datasets, datasetVersions, models, modelVersions, retrainAttempts, users } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

const candidate = alias(modelVersions, 'candidate');
const incumbent = alias(modelVersions, 'incumbent');

export async function listRetrainAttempts(ctx: ServiceContext, input: { model?: string; limit?: number }) {
  requirePermission(ctx, 'console.read');
  let modelId: string | undefined;
  if (input.model) {
    const [m] = await ctx.db.select().from(models).where(eq(models.name, input.model));
    if (!m) throw notFound(`model '${input.model}'`);
    modelId = m.id;
  }
  return ctx.db
    .select({
      attempt: retrainAttempts,
      model: models.name,
      dataset: datasets.name,
      datasetSha256: datasetVersions.sha256,
      candidateVersion: candidate.version,
      incumbentVersion: incumbent.version,
      triggeredByEmail: users.email,
    })
    .from(retrainAttempts)
    .innerJoin(models, eq(models.id, retrainAttempts.modelId))
    // Left joins: an attempt building its data from predictions has no dataset version yet.
    .leftJoin(datasetVersions, eq(datasetVersions.id, retrainAttempts.datasetVersionId))
    .leftJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .innerJoin(incumbent, eq(incumbent.id, retrainAttempts.incumbentVersionId))
    .leftJoin(candidate, eq(candidate.id, retrainAttempts.candidateVersionId))
    .leftJoin(users, eq(users.id, retrainAttempts.triggeredBy))
    .where(modelId ? eq(retrainAttempts.modelId, modelId) : undefined)
    .orderBy(desc(retrainAttempts.createdAt))
    .limit(Math.min(Math.max(input.limit ?? 50, 1), 200));
}

export async function getRetrainAttempt(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  const [a] = await ctx.db.select().from(retrainAttempts).where(eq(retrainAttempts.id, input.id));
  if (!a) throw notFound('retrain attempt');
  return a;
}
