import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents, users } from '@/server/db/schema';
import { callerAs, makeUser, uniq } from './helpers/factories';

async function lastAudit(targetId: string) {
  const [e] = await db().select().from(auditEvents).where(eq(auditEvents.targetId, targetId)).orderBy(desc(auditEvents.id)).limit(1);
  return e;
}

describe('users administration', () => {
  it('admin creates a user; the audit event is written with it', async () => {
    const admin = await makeUser('admin');
    const email = `${uniq('new')}@test.local`;
    const u = await callerAs(admin).users.create({ email, name: 'New Person', password: 'a-long-password', role: 'engineer' });
    expect(u).toMatchObject({ email, role: 'engineer', active: true });
    expect(u).not.toHaveProperty('passwordHash');
    const e = await lastAudit(u.id);
    expect(e).toMatchObject({ action: 'user.create', actorId: admin.id, actorLabel: admin.email, targetType: 'user' });
    expect(e.after).toEqual({ email, name: 'New Person', role: 'engineer' });
  });

  it('rejects a duplicate email as a conflict naming the field, and writes nothing', async () => {
    const admin = await makeUser('admin');
    const existing = await makeUser('viewer');
    const before = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'user.create'), eq(auditEvents.actorId, admin.id)));
    await expect(callerAs(admin).users.create({ email: existing.email.toUpperCase(), name: 'Dup', password: 'a-long-password', role: 'viewer' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(existing.email),
    });
    const after = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'user.create'), eq(auditEvents.actorId, admin.id)));
    expect(after.length).toBe(before.length);
  });

  it('validates input with messages that name the field', async () => {
    const admin = await makeUser('admin');
    await expect(callerAs(admin).users.create({ email: 'not-an-email', name: 'x', password: 'short', role: 'viewer' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    try {
      await callerAs(admin).users.create({ email: 'not-an-email', name: 'x', password: 'a-long-password', role: 'viewer' });
    } catch (e) {
      expect(String((e as Error).message)).toContain('email');
    }
  });

  it('changes a role with before/after in the audit log', async () => {
    const admin = await makeUser('admin');
    const target = await makeUser('viewer');
    const u = await callerAs(admin).users.changeRole({ userId: target.id, role: 'approver', reason: 'joins release board' });
    expect(u.role).toBe('approver');
    const e = await lastAudit(target.id);
    expect(e).toMatchObject({ action: 'user.role_change', before: { role: 'viewer' }, after: { role: 'approver' }, reason: 'joins release board' });
  });

  it('deactivates a user, who then has no session actor', async () => {
    const admin = await makeUser('admin');
    const target = await makeUser('engineer');
    await callerAs(admin).users.setActive({ userId: target.id, active: false });
    const [row] = await db().select().from(users).where(eq(users.id, target.id));
    expect(row.active).toBe(false);
    const { actorForUserId } = await import('@/server/api/context');
    expect(await actorForUserId(db(), target.id)).toBeNull();
    expect((await lastAudit(target.id)).action).toBe('user.deactivate');
  });

  it('an admin cannot deactivate themself', async () => {
    const admin = await makeUser('admin');
    await expect(callerAs(admin).users.setActive({ userId: admin.id, active: false })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a role change reaches the next request (role is re-read, not trusted from the JWT)', async () => {
    const admin = await makeUser('admin');
    const target = await makeUser('admin');
    await callerAs(admin).users.changeRole({ userId: target.id, role: 'viewer' });
    const { actorForUserId } = await import('@/server/api/context');
    expect(await actorForUserId(db(), target.id)).toMatchObject({ role: 'viewer' });
  });
});

describe('system accounts (retraining@vigil.system) are not user-manageable', () => {
  // Retraining requests promotions as this inactive account so four eyes holds; an admin who
  // could activate it, give it a password or a role could then approve as "someone else".
  async function systemUser() {
    const { retrainingRequester, RETRAINING_REQUESTER_EMAIL } = await import('@/server/services/retraining/requester');
    await retrainingRequester(db());
    const [u] = await db().select().from(users).where(eq(users.email, RETRAINING_REQUESTER_EMAIL));
    return u;
  }

  it('refuses reactivation, password reset and role change, writing nothing', async () => {
    const admin = await makeUser('admin');
    const sys = await systemUser();
    const before = await db().select().from(users).where(eq(users.id, sys.id));
    for (const call of [
      () => callerAs(admin).users.setActive({ userId: sys.id, active: true }),
      () => callerAs(admin).users.resetPassword({ userId: sys.id, newPassword: 'a-long-password-123' }),
      () => callerAs(admin).users.changeRole({ userId: sys.id, role: 'approver' }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('system account') });
    }
    const after = await db().select().from(users).where(eq(users.id, sys.id));
    expect(after).toEqual(before);
    expect(after[0].active).toBe(false);
    expect(await lastAudit(sys.id)).toBeUndefined();
  });

  it('refuses creating a user in the reserved @vigil.system domain', async () => {
    const admin = await makeUser('admin');
    await expect(callerAs(admin).users.create({ email: `${uniq('x')}@vigil.system`, name: 'Fake system', password: 'a-long-password', role: 'approver' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('vigil.system'),
    });
  });
});
