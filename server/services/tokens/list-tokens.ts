// The caller's own API tokens, one page at a time (Settings → API tokens): a script that mints a
// token per run must not grow the page without bound.
import { count, eq, sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { z } from 'zod';
import { apiTokens } from '@/server/db/schema';
import type { ServiceContext } from '../context';
import { orderFor, pageParams } from '../lists/list-query';
import { userOf } from './tokens';

export const TOKEN_SORT_KEYS = ['createdAt', 'name', 'lastUsedAt', 'expiresAt'] as const;
export type TokenSortKey = (typeof TOKEN_SORT_KEYS)[number];

export const listTokensInput = z.object(pageParams(TOKEN_SORT_KEYS, { sort: 'createdAt', dir: 'desc' })).strict().prefault({});

const SORT_BY: Record<TokenSortKey, SQL | AnyColumn> = {
  createdAt: apiTokens.createdAt,
  name: sql`lower(${apiTokens.name})`,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
};

export async function listTokens(ctx: ServiceContext, input: z.input<typeof listTokensInput> = {}) {
  const actor = userOf(ctx);
  const q = listTokensInput.parse(input);
  const mine = eq(apiTokens.userId, actor.id);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, expiresAt: apiTokens.expiresAt })
      .from(apiTokens)
      .where(mine)
      .orderBy(...orderFor(SORT_BY[q.sort], q.dir, apiTokens.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(apiTokens).where(mine),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit };
}
