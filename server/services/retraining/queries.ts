// Reads for the Retraining tab and `vigil retrains list`.
import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { datasets, datasetVersions, evaluations, models, modelVersions, retrainAttempts, users } from '@/server/db/schema';
import { gateDiff, metricDiff } from '@/server/ml/promotion/evidence-diff';
import type { GateResult } from '@/server/ml/promotion/gates';
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

/** The evidence diff of one attempt against the incumbent: golden-set metrics and gates side by side, validation scores, data. */
export async function getRetrainEvidence(ctx: ServiceContext, input: { id: string }) {
  const a = await getRetrainAttempt(ctx, input);
  const [ev] = a.evaluationId ? await ctx.db.select().from(evaluations).where(eq(evaluations.id, a.evaluationId)) : [];
  type Side = { version: number; metrics: Record<string, unknown> } | null;
  const result = ev?.status === 'succeeded' ? (ev.result as { rows: number; candidate: Side; incumbent: Side; gates: GateResult[] }) : null;
  const report = a.report as { validation?: { candidate: Record<string, unknown> | null; incumbent: Record<string, unknown> | null } } | null;
  return {
    attemptId: a.id,
    status: a.status,
    golden: result ? { rows: result.rows, candidateVersion: result.candidate?.version ?? null, incumbentVersion: result.incumbent?.version ?? null, metrics: metricDiff(result.candidate?.metrics, result.incumbent?.metrics), gates: gateDiff(result.gates) } : null,
    validation: report?.validation ? metricDiff(report.validation.candidate, report.validation.incumbent) : null,
    leakage: a.leakage,
    lineage: (a.dataLineage as { text?: string } | null)?.text ?? null,
  };
}
