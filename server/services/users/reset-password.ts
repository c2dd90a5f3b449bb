// An admin sets a new password for a user who lost theirs (audited, with an optional reason).
// A reset is also what an admin does when an account may be in someone else's hands, so it ends
// every way in the old owner of the password had: sessions signed in before it (passwordChangedAt)
// and the user's API tokens, revoked in the same transaction.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword } from '@/server/auth/password';
import { apiTokens, users } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { inTransaction } from '../transaction';
import { newPasswordSchema } from './password-rules';
import { refuseSystemAccount } from './system-accounts';

export const resetPasswordInput = z.object({ userId: z.string().uuid(), newPassword: newPasswordSchema, reason: z.string().max(500).optional() });

export async function resetPassword(ctx: ServiceContext, input: z.input<typeof resetPasswordInput>) {
  const actor = requirePermission(ctx, 'user.manage');
  const data = resetPasswordInput.parse(input);
  const passwordHash = await hashPassword(data.newPassword);
  return inTransaction(ctx, async (tx) => {
    const [u] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, data.userId)).for('update');
    if (!u) throw notFound('user');
    refuseSystemAccount(u.email);
    await tx.update(users).set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(users.id, u.id));
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.userId, u.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    await writeAudit(tx, actor, { action: 'user.password_reset', targetType: 'user', targetId: u.id, reason: data.reason, after: { apiTokensRevoked: revoked.length } });
    return { ok: true as const };
  });
}
