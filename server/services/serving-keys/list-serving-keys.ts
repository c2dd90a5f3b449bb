// Serving keys in Settings, one page at a time, each with the model names it may call (read for
// the keys on the page only, not the whole key-to-model table).
import { count, eq, inArray, sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { z } from 'zod';
import { models, servingKeyModels, servingKeys } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { filterText, containsPattern, orderFor, pageParams } from '../lists/list-query';

export const SERVING_KEY_SORT_KEYS = ['createdAt', 'name', 'lastUsedAt'] as const;
export type ServingKeySortKey = (typeof SERVING_KEY_SORT_KEYS)[number];

export const listServingKeysInput = z.object({ ...pageParams(SERVING_KEY_SORT_KEYS, { sort: 'createdAt', dir: 'desc' }), q: filterText.optional() }).strict().prefault({});

const SORT_BY: Record<ServingKeySortKey, SQL | AnyColumn> = {
  createdAt: servingKeys.createdAt,
  name: sql`lower(${servingKeys.name})`,
  lastUsedAt: servingKeys.lastUsedAt,
};

export async function listServingKeys(ctx: ServiceContext, input: z.input<typeof listServingKeysInput> = {}) {
  requirePermission(ctx, 'apikey.manage');
  const q = listServingKeysInput.parse(input);
  const cond = q.q ? sql`lower(${servingKeys.name}) like ${containsPattern(q.q)}` : undefined;
  const [keys, [{ total }]] = await Promise.all([
    ctx.db.select().from(servingKeys).where(cond).orderBy(...orderFor(SORT_BY[q.sort], q.dir, servingKeys.id)).limit(q.limit).offset(q.offset),
    ctx.db.select({ total: count() }).from(servingKeys).where(cond),
  ]);
  const scopes = keys.length
    ? await ctx.db
        .select({ keyId: servingKeyModels.keyId, name: models.name })
        .from(servingKeyModels)
        .innerJoin(models, eq(models.id, servingKeyModels.modelId))
        .where(inArray(servingKeyModels.keyId, keys.map((k) => k.id)))
        .orderBy(models.name)
    : [];
  const rows = keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    allModels: k.allModels,
    models: scopes.filter((s) => s.keyId === k.id).map((s) => s.name),
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
  }));
  return { rows, total, offset: q.offset, limit: q.limit };
}
