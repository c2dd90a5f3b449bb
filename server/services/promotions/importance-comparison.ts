// A promotion request's feature-importance comparison: the candidate's stored importance next to
// the incumbent's, per input. Nothing is computed here (that scores data; engineers do it on each
// version's page): when either side is missing the answer says which, so the page can say how.
import { eq, inArray } from 'drizzle-orm';
import { compareImportance } from '@/server/ml/explain/importance-comparison';
import { models, modelVersions, promotionRequests, versionImportances } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

type Stored = typeof versionImportances.$inferSelect;

function summary(version: number, row: Stored | undefined) {
  if (!row) return { version, computed: null };
  return { version, computed: { metric: row.metric, baseline: row.baseline, source: row.source, datasetVersionId: row.datasetVersionId, rows: row.rows, computedAt: row.computedAt } };
}

export async function promotionImportance(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  const [req] = await ctx.db
    .select({ model: models.name, candidateVersionId: promotionRequests.candidateVersionId, incumbentVersionId: promotionRequests.incumbentVersionId })
    .from(promotionRequests)
    .innerJoin(models, eq(models.id, promotionRequests.modelId))
    .where(eq(promotionRequests.id, input.id));
  if (!req) throw notFound('promotion request');
  const ids = [req.candidateVersionId, ...(req.incumbentVersionId ? [req.incumbentVersionId] : [])];
  const versions = await ctx.db.select({ id: modelVersions.id, version: modelVersions.version }).from(modelVersions).where(inArray(modelVersions.id, ids));
  const stored = await ctx.db.select().from(versionImportances).where(inArray(versionImportances.versionId, ids));
  const versionOf = (id: string) => versions.find((v) => v.id === id)!.version;
  const storedOf = (id: string) => stored.find((s) => s.versionId === id);

  const cand = storedOf(req.candidateVersionId);
  const candidate = summary(versionOf(req.candidateVersionId), cand);
  if (!req.incumbentVersionId) return { model: req.model, candidate, incumbent: null, rows: null };
  const inc = storedOf(req.incumbentVersionId);
  const incumbent = summary(versionOf(req.incumbentVersionId), inc);
  return { model: req.model, candidate, incumbent, rows: cand && inc ? compareImportance(cand.inputs, inc.inputs) : null };
}
