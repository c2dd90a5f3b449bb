// Factories: each test makes its own data with unique names, never wiping shared tables.
import crypto from 'node:crypto';
import { hashPassword } from '@/server/auth/password';
import type { Role } from '@/server/auth/permissions';
import { createCaller } from '@/server/api/root';
import { db } from '@/server/db/client';
import { users } from '@/server/db/schema';
import type { Actor } from '@/server/services/context';

export const uniq = (p = 'x') => `${p}-${crypto.randomBytes(5).toString('hex')}`;

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse battery';

export async function makeUser(role: Role, opts: { active?: boolean; email?: string } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const [u] = await db()
    .insert(users)
    .values({ email: opts.email ?? `${uniq(role)}@test.local`, name: `Test ${role}`, role, passwordHash: await cachedHash, active: opts.active ?? true })
    .returning();
  return u;
}

export function actorOf(u: { id: string; email: string; role: Role }): Actor {
  return { kind: 'user', id: u.id, email: u.email, role: u.role };
}

/** A tRPC caller acting as `u` (or anonymous), through the same procedure layers as HTTP. */
export function callerAs(u: { id: string; email: string; role: Role } | null) {
  return createCaller({ db: db(), actor: u ? actorOf(u) : null });
}

export async function callerForRole(role: Role) {
  return callerAs(await makeUser(role));
}
