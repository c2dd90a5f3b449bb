// A model's batch scorings, newest first by default, one page at a time with the total: the
// model page's table polls this, so it must stay one bounded page however many runs piled up.
import { count, eq, sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { z } from 'zod';
import { batchScores, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { modelIdByName } from '../models/model-id';
import { orderFor, pageParams } from '../lists/list-query';

export const BATCH_SORT_KEYS = ['createdAt', 'version', 'status'] as const;
export type BatchSortKey = (typeof BATCH_SORT_KEYS)[number];

export const listBatchScoresInput = z.object({ model: z.string().min(1).max(200), ...pageParams(BATCH_SORT_KEYS, { sort: 'createdAt', dir: 'desc' }) }).strict();

const SORT_BY: Record<BatchSortKey, SQL | AnyColumn> = {
  createdAt: batchScores.createdAt,
  version: sql`${modelVersions.version}`,
  status: sql`${batchScores.status}`,
};

export async function listBatchScores(ctx: ServiceContext, input: z.input<typeof listBatchScoresInput>) {
  requirePermission(ctx, 'console.read');
  const q = listBatchScoresInput.parse(input);
  const modelId = await modelIdByName(ctx.db, q.model);
  const ofModel = eq(modelVersions.modelId, modelId);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ batch: batchScores, version: modelVersions.version })
      .from(batchScores)
      .innerJoin(modelVersions, eq(modelVersions.id, batchScores.modelVersionId))
      .where(ofModel)
      .orderBy(...orderFor(SORT_BY[q.sort], q.dir, batchScores.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(batchScores).innerJoin(modelVersions, eq(modelVersions.id, batchScores.modelVersionId)).where(ofModel),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit };
}
