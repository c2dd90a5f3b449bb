// Silence an alert for a while: no webhooks for it (nor for a re-fire of its rule) until the
// silence ends; it still fires, updates and resolves on the console. Audited. Zero minutes
// lifts a silence.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { alerts } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { inTransaction } from '../transaction';

export const silenceInput = z.object({ alertId: z.string().uuid(), minutes: z.number().int().min(0).max(7 * 24 * 60), note: z.string().trim().max(2000).default('') });

export async function silenceAlert(ctx: ServiceContext, input: z.input<typeof silenceInput>) {
  const actor = requirePermission(ctx, 'alert.acknowledge');
  const q = silenceInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [a] = await tx.select().from(alerts).where(eq(alerts.id, q.alertId)).for('update');
    if (!a) throw notFound('alert');
    const lift = q.minutes === 0;
    const [after] = await tx
      .update(alerts)
      .set(lift ? { silencedUntil: null, silencedBy: null } : { silencedUntil: sql`now() + make_interval(mins => ${q.minutes})`, silencedBy: actor.kind === 'user' ? actor.id : null })
      .where(eq(alerts.id, a.id))
      .returning();
    await writeAudit(tx, actor, { action: lift ? 'alert.unsilence' : 'alert.silence', targetType: 'alert', targetId: a.id, before: { silencedUntil: a.silencedUntil }, after: { silencedUntil: after.silencedUntil, minutes: q.minutes }, reason: q.note || null });
    return after;
  });
}
