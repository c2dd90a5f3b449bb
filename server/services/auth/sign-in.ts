import { eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from '@/server/auth/password';
import { env } from '@/server/env';
import { users } from '@/server/db/schema';
import type { DbOrTx } from '@/server/db/client';
import { writeAudit } from '../audit/write-audit';
import { ServiceError } from '../errors';
import { toUserDto, type UserDto } from './../users/user-dto';
import { failFast } from '@/server/queue/failures';
import { appMetrics } from '@/server/observability/app-metrics';
import { logger } from '@/server/observability/logger';
import { connectionErrorThrottle } from '@/server/observability/log-throttle';
import { LocalThrottle } from './local-throttle';
import { blockKey, releaseAfterSuccess, reserveAttempt, throttleBuckets } from './signin-throttle';

export interface SignInInput {
  email: string;
  password: string;
  /** Client address (server/http/client-address.ts), for per-(account, address) throttling. */
  ip?: string;
}

export class ThrottledError extends ServiceError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', `too many failed sign-ins for this account from this address; try again in ${retryAfterSeconds < 120 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`}`);
  }
}

/** How long a sign-in waits on Redis before counting in this process instead. */
const REDIS_WAIT_MS = 1500;
const g = globalThis as unknown as { __vigilLocalThrottle?: LocalThrottle };
const localThrottle = () => (g.__vigilLocalThrottle ??= new LocalThrottle());

/** After Redis failed to answer, sign-ins count locally for this long before trying it again (no wait on each one). */
const REDIS_RETRY_AFTER_MS = 5000;
const redisDownUntil = new WeakMap<Redis, number>();

async function withRedis<T>(client: Redis, viaRedis: () => Promise<T>, locally: () => T): Promise<T> {
  if (Date.now() < (redisDownUntil.get(client) ?? 0)) return locally();
  try {
    return await failFast(viaRedis(), REDIS_WAIT_MS, 'the sign-in throttle');
  } catch (e) {
    redisDownUntil.set(client, Date.now() + REDIS_RETRY_AFTER_MS);
    appMetrics().swallowed.inc({ component: 'signin-throttle' });
    connectionErrorThrottle().hit('signin-throttle', (suppressed) =>
      logger({ component: 'signin-throttle' }).warn({ err: e instanceof Error ? e.message : String(e), ...(suppressed ? { suppressed } : {}) }, 'Redis does not answer: sign-in attempts are throttled in this process only until it does'),
    );
    return locally();
  }
}

/** The block key of an (email, address) pair, so tests can end a block without waiting. */
export const blockKeyForTest = (email: string, ip: string) => blockKey(throttleBuckets(email.trim().toLowerCase(), ip).pair);

/**
 * Verifies credentials, throttled per (account, address) with exponential backoff
 * (signin-throttle.ts): the attempt is counted before the password is checked, so parallel
 * guesses are counted too; a success gives the slot back.
 */
export async function signIn(deps: { db: DbOrTx; redis: Redis }, input: SignInInput): Promise<UserDto> {
  const cfg = env();
  const email = input.email.trim().toLowerCase();
  const buckets = throttleBuckets(email, input.ip ?? 'unknown');
  const throttle = { maxFailures: cfg.VIGIL_SIGNIN_MAX_FAILURES, windowSeconds: cfg.VIGIL_SIGNIN_WINDOW_SECONDS, backoffSeconds: cfg.VIGIL_SIGNIN_BACKOFF_SECONDS };
  // Redis down: the same rule, counted in this process (local-throttle.ts), so sign-in keeps working.
  const waitMs = await withRedis(deps.redis, () => reserveAttempt(deps.redis, buckets, throttle), () => localThrottle().reserve(buckets, throttle));
  if (waitMs > 0) throw new ThrottledError(Math.ceil(waitMs / 1000));
  const [u] = await deps.db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(input.password, u?.passwordHash ?? (await dummyHash()));
  if (!u || !ok || !u.active) {
    throw new ServiceError('UNAUTHORIZED', u && ok && !u.active ? 'this account is deactivated' : 'wrong email or password');
  }
  await withRedis(deps.redis, () => releaseAfterSuccess(deps.redis, buckets), () => localThrottle().release(buckets));
  const rehash = needsRehash(u.passwordHash) ? await hashPassword(input.password) : null;
  return deps.db.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ lastSignInAt: sql`now()`, ...(rehash ? { passwordHash: rehash } : {}) })
      .where(eq(users.id, u.id))
      .returning();
    await writeAudit(tx, { kind: 'user', id: u.id, email: u.email, role: u.role }, { action: 'user.sign_in', targetType: 'user', targetId: u.id, ...(rehash ? { after: { passwordRehashed: true } } : {}) });
    return toUserDto(after);
  });
}
