import { asc } from 'drizzle-orm';
import { users } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { toUserDto } from './user-dto';

export async function listUsers(ctx: ServiceContext) {
  requirePermission(ctx, 'user.manage');
  const rows = await ctx.db.select().from(users).orderBy(asc(users.email));
  return rows.map(toUserDto);
}
