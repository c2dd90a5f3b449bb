import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/server/db/client';
import { apiTokens, users } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type Actor, type ServiceContext } from '../context';
import { badRequest, notFound, ServiceError } from '../errors';
import { inTransaction } from '../transaction';
import { hashToken, newToken, parseToken, sameHash } from './token-format';
import { logHandled } from '@/server/observability/handled';

export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;
export const createTokenInput = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  expiresInDays: z.number().int().min(1, 'must be at least 1 day').max(TOKEN_MAX_DAYS, `must be at most ${TOKEN_MAX_DAYS} days`).default(TOKEN_DEFAULT_DAYS),
});

export function userOf(ctx: ServiceContext) {
  const actor = requirePermission(ctx, 'console.read');
  if (actor.kind !== 'user') throw badRequest('only a signed-in user can own API tokens');
  return actor;
}

/** Creates a personal token; the returned `token` is shown once and never stored. */
export async function createToken(ctx: ServiceContext, input: z.input<typeof createTokenInput>) {
  const actor = userOf(ctx);
  const { name, expiresInDays } = createTokenInput.parse(input);
  const t = newToken();
  return inTransaction(ctx, async (tx) => {
    const expiresAt = sql`now() + make_interval(days => ${expiresInDays})`;
    const [row] = await tx.insert(apiTokens).values({ userId: actor.id, name, prefix: t.prefix, secretHash: t.hash, expiresAt }).returning();
    await writeAudit(tx, actor, { action: 'api_token.create', targetType: 'api_token', targetId: row.id, after: { name, prefix: row.prefix, expiresAt: row.expiresAt } });
    return { id: row.id, name, prefix: row.prefix, token: t.token, expiresAt: row.expiresAt };
  });
}

export async function revokeToken(ctx: ServiceContext, input: { id: string }) {
  const actor = userOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(and(eq(apiTokens.id, input.id), eq(apiTokens.userId, actor.id))).for('update');
    if (!row) throw notFound('API token');
    if (row.revokedAt) throw badRequest('token is already revoked', 'id');
    await tx.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, row.id));
    await writeAudit(tx, actor, { action: 'api_token.revoke', targetType: 'api_token', targetId: row.id, before: { revoked: false }, after: { revoked: true } });
    return { id: row.id };
  });
}

/** Resolves `Authorization: Bearer <token>` to its (active) user, or throws UNAUTHORIZED. */
export async function actorForToken(db: Db, token: string): Promise<Actor> {
  const parsed = parseToken(token);
  const unauthorized = new ServiceError('UNAUTHORIZED', 'invalid or revoked API token');
  if (!parsed) throw unauthorized;
  const [row] = await db
    .select({ t: apiTokens, u: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.prefix, parsed.prefix), isNull(apiTokens.revokedAt)));
  if (!row || !sameHash(row.t.secretHash, hashToken(token)) || !row.u.active) throw unauthorized;
  if (row.t.expiresAt.getTime() <= Date.now()) {
    throw new ServiceError('UNAUTHORIZED', `API token ${row.t.prefix} expired on ${row.t.expiresAt.toISOString()}; create a new one in Settings → API tokens`);
  }
  // last-used is advisory: do not make every request wait on it.
  void db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.t.id)).catch(logHandled('api-tokens', 'could not record the token\'s last use'));
  return { kind: 'user', id: row.u.id, email: row.u.email, role: row.u.role };
}
