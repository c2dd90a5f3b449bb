// The models table: one page of models with their version counts, sorted by a whitelisted key
// and filtered by name: the console's table and `vigil models list` read it (pickers use models.pick).
import { count, countDistinct, eq, like, max, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { models, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { containsPattern, filterText, orderFor, pageParams } from '../lists/list-query';

export const MODEL_SORT_KEYS = ['createdAt', 'name', 'versions', 'latestVersion'] as const;
export type ModelSortKey = (typeof MODEL_SORT_KEYS)[number];

export const listModelsPageInput = z.object({ ...pageParams(MODEL_SORT_KEYS, { sort: 'createdAt', dir: 'desc' }), q: filterText.optional() }).strict();

export async function listModelsPage(ctx: ServiceContext, input: z.input<typeof listModelsPageInput>) {
  requirePermission(ctx, 'console.read');
  const q = listModelsPageInput.parse(input);
  const cond = q.q ? like(sql`lower(${models.name})`, containsPattern(q.q)) : undefined;
  const versions = countDistinct(modelVersions.id);
  const latestVersion = max(modelVersions.version);
  const sortBy: Record<ModelSortKey, SQL | typeof models.createdAt> = { createdAt: models.createdAt, name: sql`${models.name}`, versions: sql`${versions}`, latestVersion: sql`${latestVersion}` };
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({
        id: models.id,
        name: models.name,
        description: models.description,
        createdAt: models.createdAt,
        versions,
        latestVersion,
        // A model keeps one task; its newest version says which (null: no version yet).
        task: sql<string | null>`(array_agg(${modelVersions.task} order by ${modelVersions.version} desc))[1]`,
        classCount: sql<number | null>`jsonb_array_length((array_agg(${modelVersions.classes} order by ${modelVersions.version} desc))[1])`,
      })
      .from(models)
      .leftJoin(modelVersions, eq(modelVersions.modelId, models.id))
      .where(cond)
      .groupBy(models.id)
      .orderBy(...orderFor(sortBy[q.sort], q.dir, models.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(models).where(cond),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit };
}
