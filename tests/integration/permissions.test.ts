// "Rejects the wrong role" for every permissioned procedure, and UNAUTHORIZED without a session.
import { describe, expect, it } from 'vitest';
import { ROLES, can, type Permission } from '@/server/auth/permissions';
import { callerAs, makeUser } from './helpers/factories';

type Caller = ReturnType<typeof callerAs>;
const dummyId = '00000000-0000-4000-8000-000000000000';

/** Each permissioned procedure, the permission it needs, and a call with valid-shaped input. */
const PROCEDURES: { name: string; permission: Permission; call: (c: Caller) => Promise<unknown> }[] = [
  { name: 'users.list', permission: 'user.manage', call: (c) => c.users.list() },
  { name: 'users.create', permission: 'user.manage', call: (c) => c.users.create({ email: 'nobody@test.local', name: 'n', password: 'a-long-password', role: 'viewer' }) },
  { name: 'users.changeRole', permission: 'user.manage', call: (c) => c.users.changeRole({ userId: dummyId, role: 'viewer' }) },
  { name: 'users.setActive', permission: 'user.manage', call: (c) => c.users.setActive({ userId: dummyId, active: false }) },
  { name: 'audit.list', permission: 'audit.read', call: (c) => c.audit.list({}) },
];

describe('permissions', () => {
  for (const p of PROCEDURES) {
    it(`${p.name} rejects anonymous callers with UNAUTHORIZED`, async () => {
      await expect(p.call(callerAs(null))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });
    for (const role of ROLES.filter((r) => !can(r, p.permission))) {
      it(`${p.name} rejects role ${role} with FORBIDDEN`, async () => {
        await expect(p.call(callerAs(await makeUser(role)))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      });
    }
  }

  it('every role may read its own identity and permissions', async () => {
    for (const role of ROLES) {
      const me = await callerAs(await makeUser(role)).me.get();
      expect(me.role).toBe(role);
    }
  });
});
