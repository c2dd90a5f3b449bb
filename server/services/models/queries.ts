import { desc, eq, sql } from 'drizzle-orm';
import { models, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';

export async function getModel(ctx: ServiceContext, input: { name: string }) {
  requirePermission(ctx, 'console.read');
  const [m] = await ctx.db.select().from(models).where(eq(models.name, input.name));
  if (!m) throw notFound(`model '${input.name}'`);
  const versions = await ctx.db.select().from(modelVersions).where(eq(modelVersions.modelId, m.id)).orderBy(desc(modelVersions.version));
  return { model: m, versions };
}

export async function getModelVersion(ctx: ServiceContext, input: { name: string; version: number }) {
  requirePermission(ctx, 'console.read');
  if (!Number.isSafeInteger(input.version) || input.version < 1) throw badRequest('must be a positive whole number', 'version');
  const [row] = await ctx.db
    .select({ model: models, version: modelVersions })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(sql`${models.name} = ${input.name} AND ${modelVersions.version} = ${input.version}`);
  if (!row) throw notFound(`model version ${input.name} v${input.version}`);
  return row;
}
