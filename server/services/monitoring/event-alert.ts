// Alerts raised by an event rather than by a rule over a window: a canary rolled back
// automatically, a protected alias moved by break-glass. Same table, audit and webhooks as the
// monitor's alerts; the per-model rule is created on first use. A previous firing alert of the
// same rule is resolved first (at most one firing alert per rule).
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { alertRules, alerts, type AlertMetric } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { queueWebhookEvent } from './webhooks';

const EVENT_RULES: Partial<Record<AlertMetric, string>> = {
  canary_regression: 'Canary regression (automatic rollback)',
  break_glass: 'Break-glass move of a protected alias',
  retrain_refused: 'Retrain refused (a gate failed on the golden set)',
};

export interface EventAlert {
  modelId: string;
  modelName: string;
  metric: 'canary_regression' | 'break_glass' | 'retrain_refused';
  versionId: string | null;
  version: number | null;
  message: string;
  detail: unknown;
}

/** Fires a critical alert in the caller's transaction; returns webhook delivery ids to dispatch after commit. */
export async function fireEventAlert(tx: DbOrTx, actor: Actor, e: EventAlert): Promise<number[]> {
  let [rule] = await tx.select().from(alertRules).where(and(eq(alertRules.modelId, e.modelId), eq(alertRules.metric, e.metric)));
  if (!rule) {
    [rule] = await tx
      .insert(alertRules)
      .values({ modelId: e.modelId, name: EVENT_RULES[e.metric]!, metric: e.metric, direction: 'above', threshold: 0, windowMinutes: 10, minSamples: 0, severity: 'critical', isDefault: true })
      .returning();
  }
  await tx.update(alerts).set({ status: 'resolved', resolvedAt: sql`now()` }).where(and(eq(alerts.ruleId, rule.id), eq(alerts.status, 'firing')));
  const [a] = await tx.insert(alerts).values({ ruleId: rule.id, modelId: e.modelId, versionId: e.versionId, status: 'firing', message: e.message, detail: e.detail }).returning();
  await writeAudit(tx, actor, { action: 'alert.fire', targetType: 'alert', targetId: a.id, after: { model: e.modelName, rule: rule.name, severity: 'critical', message: e.message } });
  return queueWebhookEvent(tx, 'alert.firing', { alert: { id: a.id, model: e.modelName, version: e.version, rule: rule.name, metric: e.metric, severity: 'critical', message: e.message, firedAt: a.firedAt } });
}
