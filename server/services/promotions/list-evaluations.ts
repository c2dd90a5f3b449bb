// A model's golden-set evaluations (optionally of one version, or in one status), newest first,
// one page at a time with the total. The old list stopped at the newest 50 with no way to see
// the rest; a version page asks for its latest succeeded one with `status` and `limit: 1`.
import { and, count, eq, sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { z } from 'zod';
import { evaluations, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { modelIdByName } from '../models/model-id';
import { orderFor, pageParams } from '../lists/list-query';

export const EVALUATION_SORT_KEYS = ['createdAt', 'version', 'status'] as const;
export type EvaluationSortKey = (typeof EVALUATION_SORT_KEYS)[number];

export const listEvaluationsInput = z
  .object({
    model: z.string().min(1).max(200),
    version: z.number().int().positive().optional(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(),
    ...pageParams(EVALUATION_SORT_KEYS, { sort: 'createdAt', dir: 'desc' }),
  })
  .strict();

const SORT_BY: Record<EvaluationSortKey, SQL | AnyColumn> = {
  createdAt: evaluations.createdAt,
  version: sql`${modelVersions.version}`,
  status: sql`${evaluations.status}`,
};

export async function listEvaluations(ctx: ServiceContext, input: z.input<typeof listEvaluationsInput>) {
  requirePermission(ctx, 'console.read');
  const q = listEvaluationsInput.parse(input);
  const modelId = await modelIdByName(ctx.db, q.model);
  const cond = and(eq(evaluations.modelId, modelId), q.version ? eq(modelVersions.version, q.version) : undefined, q.status ? eq(evaluations.status, q.status) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ evaluation: evaluations, version: modelVersions.version })
      .from(evaluations)
      .innerJoin(modelVersions, eq(modelVersions.id, evaluations.candidateVersionId))
      .where(cond)
      .orderBy(...orderFor(SORT_BY[q.sort], q.dir, evaluations.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(evaluations).innerJoin(modelVersions, eq(modelVersions.id, evaluations.candidateVersionId)).where(cond),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit };
}
