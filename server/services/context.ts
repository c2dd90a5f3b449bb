// The context every service action receives: who acts, and the database (or a transaction).
import type { DbOrTx } from '@/server/db/client';
import { can, type Permission, type Role } from '@/server/auth/permissions';
import { forbidden, ServiceError } from './errors';

export type Actor =
  | { kind: 'user'; id: string; email: string; role: Role }
  /** Scheduled jobs, the demo seed and other work no person started. */
  | { kind: 'system'; label: string };

export interface ServiceContext {
  db: DbOrTx;
  actor: Actor | null;
}

export const systemActor = (label = 'system'): Actor => ({ kind: 'system', label });

export function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? actor.email : actor.label;
}

/** First line of every permissioned action. The system actor may do anything. */
export function requirePermission(ctx: ServiceContext, permission: Permission): Actor {
  const actor = ctx.actor;
  if (!actor) throw new ServiceError('UNAUTHORIZED', 'sign in required');
  if (actor.kind === 'user' && !can(actor.role, permission)) {
    throw forbidden(`role '${actor.role}' may not ${permission.replace('.', ' ')}`);
  }
  return actor;
}
