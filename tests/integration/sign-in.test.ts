import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { users } from '@/server/db/schema';
import { redis } from '@/server/redis';
import { signIn } from '@/server/services/auth/sign-in';
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
});
