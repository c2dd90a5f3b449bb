import { auditEvents } from '@/server/db/schema';
import type { DbOrTx } from '@/server/db/client';
import { actorLabel, type Actor } from '../context';

export interface AuditInput {
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Writes one audit event. Call it with the same transaction as the change it records. */
export async function writeAudit(tx: DbOrTx, actor: Actor, e: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    actorId: actor.kind === 'user' ? actor.id : null,
    actorLabel: actorLabel(actor),
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before ?? null,
    after: e.after ?? null,
    reason: e.reason ?? null,
  });
}
