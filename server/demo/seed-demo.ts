// Seeds the demo through the real service actions (audited like any other change).
// Idempotent: a user that exists is left as it is.
import { eq } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { users } from '@/server/db/schema';
import { systemActor } from '@/server/services/context';
import { createUser } from '@/server/services/users/create-user';
import { DEMO_USERS } from './demo-users';

export async function seedDemoUsers(db: Db, log: (s: string) => void = () => {}): Promise<void> {
  const ctx = { db, actor: systemActor('demo-seed') };
  for (const u of DEMO_USERS) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, u.email));
    if (existing) continue;
    await createUser(ctx, u);
    log(`created demo user ${u.email} (${u.role})`);
  }
}

export async function seedDemo(db: Db, log: (s: string) => void = () => {}): Promise<void> {
  await seedDemoUsers(db, log);
}
