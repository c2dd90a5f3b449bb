import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { aliases, aliasMoves, models, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

/** Where each alias of a model points now (with version numbers). */
export async function getAliases(ctx: ServiceContext, input: { model: string }) {
  requirePermission(ctx, 'console.read');
  const [m] = await ctx.db.select().from(models).where(eq(models.name, input.model));
  if (!m) throw notFound(`model '${input.model}'`);
  return ctx.db
    .select({ alias: aliases.name, versionId: aliases.versionId, version: modelVersions.version, share: aliases.share, updatedAt: aliases.updatedAt })
    .from(aliases)
    .leftJoin(modelVersions, eq(modelVersions.id, aliases.versionId))
    .where(eq(aliases.modelId, m.id))
    .orderBy(aliases.name);
}

/** Which version held each alias when, and why — newest first. */
export async function aliasHistory(ctx: ServiceContext, input: { model: string; alias?: string; limit?: number }) {
  requirePermission(ctx, 'console.read');
  const [m] = await ctx.db.select().from(models).where(eq(models.name, input.model));
  if (!m) throw notFound(`model '${input.model}'`);
  const fromV = alias(modelVersions, 'from_v');
  const toV = alias(modelVersions, 'to_v');
  return ctx.db
    .select({
      id: aliasMoves.id,
      alias: aliasMoves.alias,
      kind: aliasMoves.kind,
      fromVersion: fromV.version,
      toVersion: toV.version,
      share: aliasMoves.share,
      actor: aliasMoves.actorLabel,
      reason: aliasMoves.reason,
      breakGlass: aliasMoves.breakGlass,
      at: aliasMoves.at,
    })
    .from(aliasMoves)
    .leftJoin(fromV, eq(fromV.id, aliasMoves.fromVersionId))
    .leftJoin(toV, eq(toV.id, aliasMoves.toVersionId))
    .where(and(eq(aliasMoves.modelId, m.id), input.alias ? eq(aliasMoves.alias, input.alias) : sql`true`))
    .orderBy(desc(aliasMoves.id))
    .limit(input.limit ?? 100);
}
