import { eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { dummyHash, verifyPassword } from '@/server/auth/password';
import { env } from '@/server/env';
import { users } from '@/server/db/schema';
import { redisKey } from '@/server/redis';
import type { DbOrTx } from '@/server/db/client';
import { writeAudit } from '../audit/write-audit';
import { ServiceError } from '../errors';
import { toUserDto, type UserDto } from './../users/user-dto';

export interface SignInInput {
  email: string;
  password: string;
  /** Client address, for per-address throttling; optional. */
  ip?: string;
}

/**
 * Verifies credentials. Failed attempts are counted per account and per client address in
 * Redis; past VIGIL_SIGNIN_MAX_FAILURES within the window, sign-in is refused (even with the
 * right password) until the window passes, which stops online password guessing.
 */
export async function signIn(deps: { db: DbOrTx; redis: Redis }, input: SignInInput): Promise<UserDto> {
  const { VIGIL_SIGNIN_MAX_FAILURES: max, VIGIL_SIGNIN_WINDOW_SECONDS: window } = env();
  const email = input.email.trim().toLowerCase();
  const keys = [redisKey('signin-fail', 'email', email)];
  if (input.ip) keys.push(redisKey('signin-fail', 'ip', input.ip));
  const counts = await deps.redis.mget(...keys);
  // Per address, allow more: several people may share an office NAT.
  const limits = [max, max * 4];
  if (counts.some((c, i) => Number(c ?? 0) >= limits[i])) {
    throw new ServiceError('TOO_MANY_REQUESTS', `too many failed sign-ins; try again in ${Math.ceil(window / 60)} minutes`);
  }
  const [u] = await deps.db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(input.password, u?.passwordHash ?? (await dummyHash()));
  if (!u || !ok || !u.active) {
    const m = deps.redis.multi();
    for (const k of keys) m.incr(k).expire(k, window);
    await m.exec();
    throw new ServiceError('UNAUTHORIZED', u && ok && !u.active ? 'this account is deactivated' : 'wrong email or password');
  }
  await deps.redis.del(keys[0]);
  return deps.db.transaction(async (tx) => {
    const [after] = await tx.update(users).set({ lastSignInAt: sql`now()` }).where(eq(users.id, u.id)).returning();
    await writeAudit(tx, { kind: 'user', id: u.id, email: u.email, role: u.role }, { action: 'user.sign_in', targetType: 'user', targetId: u.id });
    return toUserDto(after);
  });
}
