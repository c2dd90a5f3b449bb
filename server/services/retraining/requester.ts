// Who requests the promotions that retraining makes. promotion_requests.requested_by names a
// user, and four eyes compares the approver with it; so retraining acts as one fixed user,
// `retraining@vigil.system` (created by migration 0018): inactive, with no usable password, so
// no one can sign in as it, and every human approver is "someone else". The person who pressed
// "retrain now" is recorded on the attempt (triggered_by), not as the requester.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { users } from '@/server/db/schema';
import type { Actor } from '../context';

export const RETRAINING_REQUESTER_EMAIL = 'retraining@vigil.system';

export async function retrainingRequester(db: DbOrTx): Promise<Actor> {
  await db.insert(users).values({ email: RETRAINING_REQUESTER_EMAIL, name: 'Vigil retraining (system)', passwordHash: 'disabled', role: 'engineer', active: false }).onConflictDoNothing();
  const [u] = await db.select().from(users).where(eq(users.email, RETRAINING_REQUESTER_EMAIL));
  return { kind: 'user', id: u.id, email: u.email, role: 'engineer' };
}
