import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/server/db/client';
import { apiTokens, users } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type Actor, type ServiceContext } from '../context';
import { badRequest, notFound, ServiceError } from '../errors';
import { inTransaction } from '../transaction';
import { hashToken, newToken, parseToken, sameHash } from './token-format';
import { logHandled } from '@/server/observability/handled';

export const createTokenInput = z.object({ name: z.string().trim().min(1, 'is required').max(100) });

function userOf(ctx: ServiceContext) {
  const actor = requirePermission(ctx, 'console.read');
  if (actor.kind !== 'user') throw badRequest('only a signed-in user can own API tokens');
  return actor;
}

/** Creates a personal token; the returned `token` is shown once and never stored. */
export async function createToken(ctx: ServiceContext, input: z.input<typeof createTokenInput>) {
  const actor = userOf(ctx);
  const { name } = createTokenInput.parse(input);
  const t = newToken();
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ userId: actor.id, name, prefix: t.prefix, secretHash: t.hash }).returning();
    await writeAudit(tx, actor, { action: 'api_token.create', targetType: 'api_token', targetId: row.id, after: { name, prefix: row.prefix } });
    return { id: row.id, name, prefix: row.prefix, token: t.token };
  });
}

export async function listTokens(ctx: ServiceContext) {
  const actor = userOf(ctx);
  return ctx.db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.id))
    .orderBy(desc(apiTokens.createdAt));
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
  // last-used is advisory: do not make every request wait on it.
  void db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.t.id)).catch(logHandled('api-tokens', 'could not record the token\'s last use'));
  return { kind: 'user', id: row.u.id, email: row.u.email, role: row.u.role };
}
