// Accounts (issue 11, finding 6): every user can change their own password (current password
// required), an admin can reset one, both audited; API tokens expire.
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { apiTokens, auditEvents } from '@/server/db/schema';
import { actorForUserId } from '@/server/api/context';
import { redis } from '@/server/redis';
import { signIn } from '@/server/services/auth/sign-in';
import { actorForToken } from '@/server/services/tokens/tokens';
import { callerAs, makeUser, TEST_PASSWORD, uniq } from './helpers/factories';

const deps = () => ({ db: db(), redis: redis() });

describe('passwords', () => {
  it('a viewer changes their own password with the current one; the old stops working; audited without the hash', async () => {
    const u = await makeUser('viewer');
    const me = callerAs(u);
    await expect(me.me.changePassword({ currentPassword: 'not the password', newPassword: 'a brand new secret' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/current password/) });
    await expect(me.me.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await me.me.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new secret' });
    await expect(signIn(deps(), { email: u.email, password: TEST_PASSWORD, ip: '192.0.2.10' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await signIn(deps(), { email: u.email, password: 'a brand new secret', ip: '192.0.2.10' })).id).toBe(u.id);
    const evs = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'user.password_change'), eq(auditEvents.targetId, u.id)));
    expect(evs).toHaveLength(1);
    expect(JSON.stringify(evs[0])).not.toMatch(/scrypt|brand new/);
  });

  it('an admin resets another user’s password (audited); an engineer may not', async () => {
    const target = await makeUser('engineer');
    await expect(callerAs(await makeUser('engineer')).users.resetPassword({ userId: target.id, newPassword: 'reset by someone' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = await makeUser('admin');
    await callerAs(admin).users.resetPassword({ userId: target.id, newPassword: 'reset by the admin', reason: 'forgot it' });
    expect((await signIn(deps(), { email: target.email, password: 'reset by the admin', ip: '192.0.2.11' })).id).toBe(target.id);
    const [ev] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'user.password_reset'), eq(auditEvents.targetId, target.id)));
    expect(ev.actorId).toBe(admin.id);
    expect(ev.reason).toBe('forgot it');
  });

  it('a password change or reset ends the sessions signed in before it', async () => {
    const u = await makeUser('engineer');
    const issuedBefore = Math.floor(Date.now() / 1000) - 5;
    expect(await actorForUserId(db(), u.id, issuedBefore)).toMatchObject({ id: u.id });
    await callerAs(u).me.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'another new secret' });
    expect(await actorForUserId(db(), u.id, issuedBefore)).toBeNull();
    expect(await actorForUserId(db(), u.id, Math.floor(Date.now() / 1000) + 1)).toMatchObject({ id: u.id });
    const v = await makeUser('viewer');
    expect(await actorForUserId(db(), v.id, issuedBefore)).toMatchObject({ id: v.id });
    await callerAs(await makeUser('admin')).users.resetPassword({ userId: v.id, newPassword: 'reset by the admin' });
    expect(await actorForUserId(db(), v.id, issuedBefore)).toBeNull();
  });

  it('an admin reset revokes the user\'s API tokens (whoever took the account may hold one); audited with the count', async () => {
    const u = await makeUser('engineer');
    const t1 = await callerAs(u).tokens.create({ name: 'ci' });
    const t2 = await callerAs(u).tokens.create({ name: 'laptop' });
    const other = await makeUser('engineer');
    const kept = await callerAs(other).tokens.create({ name: 'theirs' });
    await expect(actorForToken(db(), t1.token)).resolves.toMatchObject({ id: u.id });
    const admin = await makeUser('admin');
    await callerAs(admin).users.resetPassword({ userId: u.id, newPassword: 'reset after a leak', reason: 'laptop stolen' });
    await expect(actorForToken(db(), t1.token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(actorForToken(db(), t2.token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(actorForToken(db(), kept.token)).resolves.toMatchObject({ id: other.id });
    const [ev] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'user.password_reset'), eq(auditEvents.targetId, u.id)));
    expect(ev.after).toMatchObject({ apiTokensRevoked: 2 });
    // A new token made after the reset works.
    const fresh = await callerAs(u).tokens.create({ name: 'new' });
    await expect(actorForToken(db(), fresh.token)).resolves.toMatchObject({ id: u.id });
  });

  it('anonymous callers cannot change a password', async () => {
    await expect(callerAs(null).me.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'whatever whatever' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('API token expiry', () => {
  it('a token gets a 90-day expiry by default, or the one chosen', async () => {
    const u = await makeUser('engineer');
    const t = await callerAs(u).tokens.create({ name: uniq('t') });
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, t.id));
    const days = (row.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const short = await callerAs(u).tokens.create({ name: uniq('t'), expiresInDays: 7 });
    const listed = (await callerAs(u).tokens.list()).rows.find((x) => x.id === short.id)!;
    expect(Math.round((listed.expiresAt!.getTime() - Date.now()) / 86_400_000)).toBe(7);
    await expect(callerAs(u).tokens.create({ name: uniq('t'), expiresInDays: 5000 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('an expired token answers 401 saying it expired', async () => {
    const u = await makeUser('engineer');
    const t = await callerAs(u).tokens.create({ name: uniq('t'), expiresInDays: 1 });
    expect((await actorForToken(db(), t.token)).kind).toBe('user');
    await db().update(apiTokens).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(apiTokens.id, t.id));
    await expect(actorForToken(db(), t.token)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/expired/) });
  });
});
