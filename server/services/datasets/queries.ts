import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { datasets, datasetVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';

export async function getDataset(ctx: ServiceContext, input: { name: string }) {
  requirePermission(ctx, 'console.read');
  const [ds] = await ctx.db.select().from(datasets).where(eq(datasets.name, input.name));
  if (!ds) throw notFound(`dataset '${input.name}'`);
  const versions = await ctx.db
    .select({
      id: datasetVersions.id,
      sha256: datasetVersions.sha256,
      filename: datasetVersions.filename,
      rowCount: datasetVersions.rowCount,
      byteSize: datasetVersions.byteSize,
      profileStatus: datasetVersions.profileStatus,
      createdAt: datasetVersions.createdAt,
      columns: sql<number>`jsonb_array_length(${datasetVersions.schema})`,
    })
    .from(datasetVersions)
    .where(eq(datasetVersions.datasetId, ds.id))
    .orderBy(desc(datasetVersions.createdAt));
  return { dataset: ds, versions };
}

export async function getDatasetVersion(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  if (!z.string().uuid().safeParse(input.id).success) throw badRequest('is not a dataset version id', 'id');
  const [row] = await ctx.db
    .select({ version: datasetVersions, dataset: datasets })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(datasetVersions.id, input.id));
  if (!row) throw notFound('dataset version');
  return row;
}
