// Records a rule's outcome as alert state: fire, update, or resolve. The database holds at most
// one firing alert per rule (a partial unique index), so passes running at once — the schedule
// plus "Run now", or two workers — fire once: the INSERT … ON CONFLICT DO NOTHING that returns
// no row lost the race, and only the UPDATE that moved the alert to resolved reports it.
// Each transition is audited and queues webhook deliveries in its transaction (the outbox);
// a silenced alert queues none.
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { alerts, type AlertRule } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { systemActor } from '../context';
import { clearlyResolved, type RuleOutcome } from './alert-rules';
import { retrainOnAlert } from '../retraining/on-alert';
import { queueWebhookEvent } from './webhooks';

const monitor = systemActor('monitor');

export interface AlertSubject {
  modelId: string;
  model: string;
  versionId: string | null;
  version: number | null;
}

export interface Transition {
  fired: boolean;
  resolved: boolean;
  deliveries: number[];
}

export async function applyOutcome(database: Db, s: AlertSubject, rule: AlertRule, outcome: RuleOutcome, now: Date): Promise<Transition> {
  return database.transaction(async (tx) => {
    const [open] = await tx.select().from(alerts).where(and(eq(alerts.ruleId, rule.id), eq(alerts.status, 'firing'))).for('update');
    if (outcome.state === 'firing' && !open) {
      // A silence set on the rule's previous alert carries over to a re-fire inside its period.
      const [silenced] = await tx
        .select({ until: alerts.silencedUntil, by: alerts.silencedBy })
        .from(alerts)
        .where(and(eq(alerts.ruleId, rule.id), gt(alerts.silencedUntil, now)))
        .orderBy(sql`${alerts.silencedUntil} DESC`)
        .limit(1);
      const [a] = await tx
        .insert(alerts)
        .values({ ruleId: rule.id, modelId: s.modelId, versionId: s.versionId, status: 'firing', value: outcome.value, detail: outcome.detail ?? null, message: outcome.message, silencedUntil: silenced?.until ?? null, silencedBy: silenced?.by ?? null })
        .onConflictDoNothing({ target: alerts.ruleId, where: sql`${alerts.status} = 'firing'` })
        .returning();
      if (!a) return { fired: false, resolved: false, deliveries: [] }; // another pass fired it first
      await writeAudit(tx, monitor, { action: 'alert.fire', targetType: 'alert', targetId: a.id, after: { model: s.model, rule: rule.name, severity: rule.severity, value: outcome.value, message: outcome.message } });
      // An enabled retrain policy on this rule starts a retrain (in a savepoint: a guardrail's "no" leaves the alert).
      await retrainOnAlert(tx, { modelId: s.modelId, modelName: s.model, ruleId: rule.id, alertId: a.id });
      const deliveries = a.silencedUntil
        ? []
        : await queueWebhookEvent(tx, 'alert.firing', { alert: { id: a.id, model: s.model, version: s.version, rule: rule.name, metric: rule.metric, severity: rule.severity, value: outcome.value, threshold: rule.threshold, message: outcome.message, firedAt: a.firedAt } });
      return { fired: true, resolved: false, deliveries };
    }
    if (outcome.state === 'ok' && open && clearlyResolved(rule, outcome.value)) {
      const [done] = await tx
        .update(alerts)
        .set({ status: 'resolved', resolvedAt: sql`now()` })
        .where(and(eq(alerts.id, open.id), eq(alerts.status, 'firing')))
        .returning();
      if (!done) return { fired: false, resolved: false, deliveries: [] };
      await writeAudit(tx, monitor, { action: 'alert.resolve', targetType: 'alert', targetId: open.id, before: { status: 'firing' }, after: { status: 'resolved', value: outcome.value } });
      const silenced = open.silencedUntil && open.silencedUntil > now;
      const deliveries = silenced
        ? []
        : await queueWebhookEvent(tx, 'alert.resolved', { alert: { id: open.id, model: s.model, version: s.version, rule: rule.name, metric: rule.metric, severity: rule.severity, value: outcome.value, message: outcome.message } });
      return { fired: false, resolved: true, deliveries };
    }
    if (open && outcome.state === 'firing') await tx.update(alerts).set({ value: outcome.value, message: outcome.message, detail: outcome.detail ?? null }).where(eq(alerts.id, open.id));
    return { fired: false, resolved: false, deliveries: [] };
  });
}
