// Builds the tRPC context: the database and the acting user, re-read from the database on each
// request so a deactivation or role change takes effect at once (the JWT alone would lag).
import { eq } from 'drizzle-orm';
import { db, type Db } from '@/server/db/client';
import { users } from '@/server/db/schema';
import type { Actor } from '@/server/services/context';

export interface TrpcContext {
  db: Db;
  actor: Actor | null;
}

/** `issuedAt` (seconds, the session's sign-in time): a session from before a password change is over. */
export async function actorForUserId(database: Db, userId: string | undefined, issuedAt?: number): Promise<Actor | null> {
  if (!userId) return null;
  const [u] = await database.select().from(users).where(eq(users.id, userId));
  if (!u || !u.active) return null;
  // A session without a sign-in time predates this check: after a change it is not trusted either.
  if (u.passwordChangedAt && (issuedAt === undefined || issuedAt < Math.floor(u.passwordChangedAt.getTime() / 1000))) return null;
  return { kind: 'user', id: u.id, email: u.email, role: u.role };
}

export async function createContextForUserId(userId: string | undefined): Promise<TrpcContext> {
  const database = db();
  return { db: database, actor: await actorForUserId(database, userId) };
}
