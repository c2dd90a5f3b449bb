import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { inTransaction } from '../transaction';
import { toUserDto } from './user-dto';
import { assertAnotherActiveAdmin } from './last-admin';
import { refuseSystemAccount } from './system-accounts';

export const setUserActiveInput = z.object({ userId: z.string().uuid(), active: z.boolean(), reason: z.string().max(500).optional() });

/** Deactivates (or reactivates) a user. A deactivated user cannot sign in; existing sessions are refused on their next request. */
export async function setUserActive(ctx: ServiceContext, input: z.input<typeof setUserActiveInput>) {
  const actor = requirePermission(ctx, 'user.manage');
  const data = setUserActiveInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, data.userId)).for('update');
    if (!u) throw notFound('user');
    refuseSystemAccount(u.email);
    if (u.active === data.active) throw badRequest(`user is already ${data.active ? 'active' : 'deactivated'}`, 'active');
    if (!data.active && actor.kind === 'user' && actor.id === u.id) throw badRequest('you cannot deactivate yourself', 'userId');
    if (!data.active && u.role === 'admin') await assertAnotherActiveAdmin(tx, u.id);
    const [after] = await tx.update(users).set({ active: data.active, updatedAt: sql`now()` }).where(eq(users.id, u.id)).returning();
    await writeAudit(tx, actor, {
      action: data.active ? 'user.reactivate' : 'user.deactivate',
      targetType: 'user',
      targetId: u.id,
      before: { active: u.active },
      after: { active: after.active },
      reason: data.reason,
    });
    return toUserDto(after);
  });
}
