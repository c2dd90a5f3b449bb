import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { users } from '@/server/db/schema';
import { badRequest } from '../errors';

/** Refuses a change that would leave no active admin (nobody could manage users again). */
export async function assertAnotherActiveAdmin(tx: Tx, exceptUserId: string): Promise<void> {
  // Lock the admins so two concurrent demotions cannot both pass this check.
  await tx.execute(sql`SELECT id FROM users WHERE role = 'admin' AND active FOR UPDATE`);
  const others = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, exceptUserId)));
  if (others.length === 0) throw badRequest('this is the last active admin; make another admin first', 'userId');
}
