import { and, asc, count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { alias } from 'drizzle-orm/pg-core';
import { aliases, aliasMoves, models, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { modelIdByName } from '../models/model-id';
import { notFound } from '../errors';
import { pageParams } from '../lists/list-query';

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

export const ALIAS_HISTORY_SORT_KEYS = ['at'] as const;
export const aliasHistoryInput = z
  .object({
    model: z.string().min(1).max(200),
    alias: z.string().min(1).max(100).optional(),
    ...pageParams(ALIAS_HISTORY_SORT_KEYS, { sort: 'at', dir: 'desc' }),
  })
  .strict();

/**
 * Which version held each alias when, and why: newest first, one page at a time with the total
 * (the old list stopped at its `limit`, at most 500, with no way to see older moves).
 */
export async function aliasHistory(ctx: ServiceContext, input: z.input<typeof aliasHistoryInput>) {
  requirePermission(ctx, 'console.read');
  const q = aliasHistoryInput.parse(input);
  const modelId = await modelIdByName(ctx.db, q.model);
  const fromV = alias(modelVersions, 'from_v');
  const toV = alias(modelVersions, 'to_v');
  const cond = and(eq(aliasMoves.modelId, modelId), q.alias ? eq(aliasMoves.alias, q.alias) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
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
      .where(cond)
      // Moves are numbered in the order they happened; the id orders moves made in one instant.
      .orderBy(q.dir === 'desc' ? desc(aliasMoves.id) : asc(aliasMoves.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(aliasMoves).where(cond),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit };
}
