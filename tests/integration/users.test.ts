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
