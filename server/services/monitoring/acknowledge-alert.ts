// Acknowledge a firing alert: who took it and a note, audited. Acknowledging does not change
// what monitoring does; it tells the rest of the team someone is on it.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { alerts } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { conflict, notFound } from '../errors';
import { inTransaction } from '../transaction';

export const acknowledgeInput = z.object({ alertId: z.string().uuid(), note: z.string().trim().max(2000).default('') });

export async function acknowledgeAlert(ctx: ServiceContext, input: z.input<typeof acknowledgeInput>) {
  const actor = requirePermission(ctx, 'alert.acknowledge');
  const q = acknowledgeInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [a] = await tx.select().from(alerts).where(eq(alerts.id, q.alertId)).for('update');
    if (!a) throw notFound('alert');
    if (a.status !== 'firing') throw conflict('the alert has resolved: there is nothing to acknowledge', 'alertId');
    const [after] = await tx
      .update(alerts)
      .set({ acknowledgedBy: actor.kind === 'user' ? actor.id : null, acknowledgedAt: sql`now()`, ackNote: q.note || null })
      .where(eq(alerts.id, a.id))
      .returning();
    await writeAudit(tx, actor, { action: 'alert.acknowledge', targetType: 'alert', targetId: a.id, before: { acknowledgedAt: a.acknowledgedAt, ackNote: a.ackNote }, after: { acknowledgedAt: after.acknowledgedAt, ackNote: after.ackNote }, reason: q.note || null });
    return after;
  });
}
