// The datasets table: one page of datasets with version counts, sorted by a whitelisted key
// (latest upload first by default) and filtered by name: the console's table and
// `vigil datasets list` read it (pickers use datasets.pick).
import { count, eq, like, max, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { datasets, datasetVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { containsPattern, filterText, orderFor, pageParams } from '../lists/list-query';

export const DATASET_SORT_KEYS = ['latestAt', 'name', 'versions', 'createdAt'] as const;
export type DatasetSortKey = (typeof DATASET_SORT_KEYS)[number];

export const listDatasetsPageInput = z.object({ ...pageParams(DATASET_SORT_KEYS, { sort: 'latestAt', dir: 'desc' }), q: filterText.optional() }).strict();

export async function listDatasetsPage(ctx: ServiceContext, input: z.input<typeof listDatasetsPageInput>) {
  requirePermission(ctx, 'console.read');
  const q = listDatasetsPageInput.parse(input);
  const cond = q.q ? like(sql`lower(${datasets.name})`, containsPattern(q.q)) : undefined;
  const versions = sql<number>`count(${datasetVersions.id})::int`;
  const latestAt = max(datasetVersions.createdAt);
  const sortBy: Record<DatasetSortKey, SQL | typeof datasets.createdAt> = { latestAt: sql`${latestAt}`, name: sql`lower(${datasets.name})`, versions, createdAt: datasets.createdAt };
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ id: datasets.id, name: datasets.name, description: datasets.description, createdAt: datasets.createdAt, versions, latestAt })
      .from(datasets)
      .leftJoin(datasetVersions, eq(datasetVersions.datasetId, datasets.id))
      .where(cond)
      .groupBy(datasets.id)
      .orderBy(...orderFor(sortBy[q.sort], q.dir, datasets.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(datasets).where(cond),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit };
}
