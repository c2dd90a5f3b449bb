// Demo accounts (issue 11, finding 6): a banner while any is active; with the demo off they
// are deactivated and the demo serving key revoked.
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { servingKeys, users } from '@/server/db/schema';
import { retireDemo } from '@/server/demo/demo-accounts';
import { demoEnabled } from '@/server/demo/demo-mode';
import { DEMO_USERS } from '@/server/demo/demo-users';
import { createDemoServingKey, seedDemoUsers } from '@/server/demo/seed-demo';
import { verifyServingKey } from '@/server/services/serving-keys/serving-keys';
import { callerAs, makeUser } from './helpers/factories';

describe('demo accounts', () => {
  it('the demo is on by default only on the embedded database', () => {
    expect(demoEnabled({})).toBe(true);
    expect(demoEnabled({ DATABASE_URL: 'postgres://x@db/vigil' })).toBe(false);
    expect(demoEnabled({ DATABASE_URL: 'postgres://x@db/vigil', VIGIL_DEMO: '1' })).toBe(true);
    expect(demoEnabled({ VIGIL_DEMO: 'off' })).toBe(false);
    expect(() => demoEnabled({ VIGIL_DEMO: 'maybe' })).toThrow(/VIGIL_DEMO/);
  });

  it('the console says so while demo accounts are active; turning the demo off deactivates them and revokes the demo key', async () => {
    await makeUser('admin'); // a real admin, so the demo admin is not the last one
    await seedDemoUsers(db());
    await db().update(users).set({ active: true }).where(inArray(users.email, DEMO_USERS.map((u) => u.email)));
    const key = await createDemoServingKey(db());
    const viewer = callerAs(await makeUser('viewer'));
    const before = await viewer.me.notices();
    expect(before.demoAccounts).toEqual(DEMO_USERS.map((u) => u.email).sort());
    await retireDemo(db(), () => {});
    expect((await viewer.me.notices()).demoAccounts).toEqual([]);
    const rows = await db().select().from(users).where(inArray(users.email, DEMO_USERS.map((u) => u.email)));
    expect(rows.every((r) => !r.active)).toBe(true);
    expect(await verifyServingKey(db(), key)).toBeNull();
    const live = await db().select().from(servingKeys).where(eq(servingKeys.name, 'demo traffic simulator'));
    expect(live.every((k) => k.revokedAt !== null)).toBe(true);
  });
});
