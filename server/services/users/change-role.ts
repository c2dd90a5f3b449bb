import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES } from '@/server/auth/permissions';
import { users } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { inTransaction } from '../transaction';
import { toUserDto } from './user-dto';
import { assertAnotherActiveAdmin } from './last-admin';
import { refuseSystemAccount } from './system-accounts';

export const changeRoleInput = z.object({ userId: z.string().uuid(), role: z.enum(ROLES), reason: z.string().max(500).optional() });

export async function changeRole(ctx: ServiceContext, input: z.input<typeof changeRoleInput>) {
  const actor = requirePermission(ctx, 'user.manage');
  const data = changeRoleInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, data.userId)).for('update');
    if (!u) throw notFound('user');
    refuseSystemAccount(u.email);
    if (u.role === data.role) throw badRequest(`user already has role ${data.role}`, 'role');
    if (u.role === 'admin') await assertAnotherActiveAdmin(tx, u.id);
    const [after] = await tx.update(users).set({ role: data.role, updatedAt: sql`now()` }).where(eq(users.id, u.id)).returning();
    await writeAudit(tx, actor, { action: 'user.role_change', targetType: 'user', targetId: u.id, before: { role: u.role }, after: { role: after.role }, reason: data.reason });
    return toUserDto(after);
  });
}
