// Demo accounts have published passwords: the console shows a banner while any is active, and
// `npm run up` without the demo deactivates them and revokes the demo serving key (audited).
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/server/db/client';
import { servingKeys, users } from '@/server/db/schema';
import { systemActor } from '@/server/services/context';
import { ServiceError } from '@/server/services/errors';
import { revokeServingKey } from '@/server/services/serving-keys/serving-keys';
import { setUserActive } from '@/server/services/users/set-user-active';
import { DEMO_USERS } from './demo-users';

export const DEMO_KEY_NAME = 'demo traffic simulator';

export async function activeDemoAccounts(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ email: users.email }).from(users).where(and(inArray(users.email, DEMO_USERS.map((u) => u.email)), eq(users.active, true)));
  return rows.map((r) => r.email).sort();
}

/** Deactivates every demo user and revokes the demo serving key; returns what it could not do. */
export async function retireDemo(db: Db, log: (s: string) => void): Promise<void> {
  const ctx = { db, actor: systemActor('demo-off') };
  const active = await db.select({ id: users.id, email: users.email }).from(users).where(and(inArray(users.email, DEMO_USERS.map((u) => u.email)), eq(users.active, true)));
  for (const u of active) {
    try {
      await setUserActive(ctx, { userId: u.id, active: false, reason: 'the demo is off (VIGIL_DEMO)' });
      log(`demo off: deactivated demo user ${u.email}`);
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      log(`demo off: could not deactivate ${u.email}: ${e.message}. Create a real admin (vigil admin create --email …) and start again.`);
    }
  }
  const keys = await db.select({ id: servingKeys.id }).from(servingKeys).where(and(eq(servingKeys.name, DEMO_KEY_NAME), isNull(servingKeys.revokedAt)));
  for (const k of keys) {
    await revokeServingKey(ctx, { id: k.id, reason: 'the demo is off (VIGIL_DEMO)' });
    log('demo off: revoked the demo serving key');
  }
}
