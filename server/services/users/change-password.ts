// A user changes their own password: the current one is required (a borrowed session alone
// must not be enough to take the account over), and the change is audited without any hash.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '@/server/auth/password';
import { users } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { inTransaction } from '../transaction';
import { newPasswordSchema } from './password-rules';

export const changePasswordInput = z.object({ currentPassword: z.string().min(1, 'is required').max(200), newPassword: newPasswordSchema });

export async function changeOwnPassword(ctx: ServiceContext, input: z.input<typeof changePasswordInput>) {
  const actor = requirePermission(ctx, 'console.read');
  if (actor.kind !== 'user') throw badRequest('only a signed-in user has a password');
  const data = changePasswordInput.parse(input);
  if (data.newPassword === data.currentPassword) throw badRequest('the new password must differ from the current one', 'newPassword');
  const [u] = await ctx.db.select().from(users).where(eq(users.id, actor.id));
  if (!u) throw notFound('user');
  if (!(await verifyPassword(data.currentPassword, u.passwordHash))) throw badRequest('the current password is wrong', 'currentPassword');
  const passwordHash = await hashPassword(data.newPassword);
  return inTransaction(ctx, async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(users.id, u.id));
    await writeAudit(tx, actor, { action: 'user.password_change', targetType: 'user', targetId: u.id });
    return { ok: true as const };
  });
}
