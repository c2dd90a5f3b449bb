// The users table in Settings: one page of users, sorted by a whitelisted key and filtered by
// email or name, with the total (the list-query contract), so an organisation with thousands of
// accounts never loads them all.
import { count, ilike, or, sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { containsPattern, filterText, orderFor, pageParams, type Page } from '../lists/list-query';
import { toUserDto, type UserDto } from './user-dto';

export const USER_SORT_KEYS = ['email', 'name', 'role', 'createdAt', 'lastSignInAt'] as const;
export type UserSortKey = (typeof USER_SORT_KEYS)[number];

export const listUsersInput = z.object({ ...pageParams(USER_SORT_KEYS, { sort: 'email', dir: 'asc' }), q: filterText.optional() }).strict().prefault({});

const SORT_BY: Record<UserSortKey, SQL | AnyColumn> = {
  email: users.email,
  name: sql`lower(${users.name})`,
  role: sql`${users.role}::text`,
  createdAt: users.createdAt,
  lastSignInAt: users.lastSignInAt,
};

export async function listUsers(ctx: ServiceContext, input: z.input<typeof listUsersInput> = {}): Promise<Page<UserDto>> {
  requirePermission(ctx, 'user.manage');
  const q = listUsersInput.parse(input);
  const pattern = q.q ? containsPattern(q.q) : null;
  const cond = pattern ? or(ilike(users.email, pattern), ilike(users.name, pattern)) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db.select().from(users).where(cond).orderBy(...orderFor(SORT_BY[q.sort], q.dir, users.id)).limit(q.limit).offset(q.offset),
    ctx.db.select({ total: count() }).from(users).where(cond),
  ]);
  return { rows: rows.map(toUserDto), total, offset: q.offset, limit: q.limit };
}
