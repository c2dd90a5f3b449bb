import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { users } from '@/server/db/schema';
import { Redis } from 'ioredis';
import { redis } from '@/server/redis';
import { blockKeyForTest, signIn } from '@/server/services/auth/sign-in';
import { makeUser, TEST_PASSWORD } from './helpers/factories';

const deps = () => ({ db: db(), redis: redis() });

describe('sign-in', () => {
  it('accepts the right password and records the sign-in', async () => {
    const u = await makeUser('viewer');
    const dto = await signIn(deps(), { email: u.email.toUpperCase(), password: TEST_PASSWORD });
    expect(dto.id).toBe(u.id);
    const [row] = await db().select().from(users).where(eq(users.id, u.id));
    expect(row.lastSignInAt).not.toBeNull();
  });

  it('rejects a wrong password and an unknown email alike', async () => {
    const u = await makeUser('viewer');
    await expect(signIn(deps(), { email: u.email, password: 'wrong password!' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'wrong email or password' });
    await expect(signIn(deps(), { email: 'nobody-here@test.local', password: 'whatever123' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'wrong email or password' });
  });

  it('refuses a deactivated account', async () => {
    const u = await makeUser('engineer', { active: false });
    await expect(signIn(deps(), { email: u.email, password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'this account is deactivated' });
  });

  it('throttles repeated failures, even when the right password finally comes', async () => {
    const u = await makeUser('viewer');
    for (let i = 0; i < 5; i++) await expect(signIn(deps(), { email: u.email, password: `guess-${i}-xxxx` })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(signIn(deps(), { email: u.email, password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('a success clears the account counter, so earlier typos do not accumulate', async () => {
    const u = await makeUser('viewer');
    for (let i = 0; i < 4; i++) await expect(signIn(deps(), { email: u.email, password: 'typo-typo-typo' })).rejects.toBeTruthy();
    await signIn(deps(), { email: u.email, password: TEST_PASSWORD });
    for (let i = 0; i < 4; i++) await expect(signIn(deps(), { email: u.email, password: 'typo-typo-typo' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('40 parallel guesses against a limit of 5 check at most 5 passwords (atomic counter)', async () => {
    const u = await makeUser('viewer');
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => signIn(deps(), { email: u.email, password: `guess-${i}-xxxx`, ip: '203.0.113.7' })));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'));
    expect(codes.filter((c) => c === 'UNAUTHORIZED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(35);
  });

  it('failures from one address do not lock the account for another address', async () => {
    const u = await makeUser('admin');
    for (let i = 0; i < 8; i++) await expect(signIn(deps(), { email: u.email, password: `guess-${i}-xxxx`, ip: '198.51.100.9' })).rejects.toBeTruthy();
    await expect(signIn(deps(), { email: u.email, password: TEST_PASSWORD, ip: '198.51.100.9' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const dto = await signIn(deps(), { email: u.email, password: TEST_PASSWORD, ip: '192.0.2.44' });
    expect(dto.id).toBe(u.id);
  });

  it('backs off exponentially: each failure past the limit doubles the wait', async () => {
    const u = await makeUser('viewer');
    const ip = '203.0.113.99';
    for (let i = 0; i < 5; i++) await expect(signIn(deps(), { email: u.email, password: `guess-${i}-xxxx`, ip })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const first = await signIn(deps(), { email: u.email, password: 'again-xxxx', ip }).catch((e: { code: string; retryAfterSeconds?: number }) => e);
    expect(first).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const wait1 = (first as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait1).toBeGreaterThan(0);
    // Let the block pass (the test shortens it through Redis, not by sleeping), then fail again.
    await redis().del(blockKeyForTest(u.email, ip));
    await expect(signIn(deps(), { email: u.email, password: 'again-xxxx', ip })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const second = await signIn(deps(), { email: u.email, password: 'again-xxxx', ip }).catch((e: { retryAfterSeconds: number }) => e);
    expect((second as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(wait1 * 2 - 1);
  });

  it('rehashes a password stored with older scrypt parameters at sign-in', async () => {
    const salt = crypto.randomBytes(16);
    const old = `scrypt$32768$8$1$${salt.toString('base64url')}$${crypto.scryptSync(TEST_PASSWORD, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 << 20 }).toString('base64url')}`;
    const u = await makeUser('viewer');
    await db().update(users).set({ passwordHash: old }).where(eq(users.id, u.id));
    await signIn(deps(), { email: u.email, password: TEST_PASSWORD, ip: '192.0.2.77' });
    const [row] = await db().select().from(users).where(eq(users.id, u.id));
    expect(row.passwordHash.startsWith('scrypt$131072$8$1$')).toBe(true);
    await signIn(deps(), { email: u.email, password: TEST_PASSWORD, ip: '192.0.2.77' });
  });

  it('with Redis unreachable, sign-in still works within seconds and still throttles guesses (counted in this process)', async () => {
    // Nothing listens on port 1: every Redis command fails; one that hangs is cut by the wait.
    const dead = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 3, lazyConnect: true });
    dead.on('error', () => {});
    try {
      const down = () => ({ db: db(), redis: dead });
      const u = await makeUser('engineer');
      const t0 = Date.now();
      expect((await signIn(down(), { email: u.email, password: TEST_PASSWORD, ip: '192.0.2.90' })).id).toBe(u.id);
      // One wait on Redis (1.5 s) plus the password hash; never the minutes of a hung connection.
      expect(Date.now() - t0).toBeLessThan(10_000);
      for (let i = 0; i < 5; i++) await expect(signIn(down(), { email: u.email, password: `guess-${i}-xxxx`, ip: '192.0.2.90' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(signIn(down(), { email: u.email, password: TEST_PASSWORD, ip: '192.0.2.90' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      // Another address is not locked out by those guesses.
      expect((await signIn(down(), { email: u.email, password: TEST_PASSWORD, ip: '192.0.2.91' })).id).toBe(u.id);
    } finally {
      dead.disconnect();
    }
  });
});
