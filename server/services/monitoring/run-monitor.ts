// The scheduled monitoring pass: for every served model, roll up the new minutes of its log,
// evaluate its alert rules on their windows, and record firing / resolved transitions (audited,
// sent to webhooks). Safe to run on any worker; a pass is idempotent.
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { aliases, alertRules, alerts, models } from '@/server/db/schema';
import { env } from '@/server/env';
import { writeAudit } from '../audit/write-audit';
import { systemActor } from '../context';
import { clearlyResolved, ensureDefaultRules, evaluateRule } from './alert-rules';
import { rollupModel } from './rollup';
import { dispatchDeliveries, queueWebhookEvent } from './webhooks';
import { productionVersion, windowReport, type WindowReport } from './window-report';
import { retrainOnAlert } from '../retraining/on-alert';

const monitor = systemActor('monitor');

export async function runMonitor(now = Date.now()): Promise<{ models: number; fired: number; resolved: number }> {
  const database = db();
  const served = await database
    .selectDistinct({ id: models.id, name: models.name })
    .from(models)
    .innerJoin(aliases, and(eq(aliases.modelId, models.id), eq(aliases.name, 'production'), isNotNull(aliases.versionId)));
  let fired = 0;
  let resolved = 0;
  for (const m of served) {
    await ensureDefaultRules(database, m.id);
    await rollupModel(m.id, now);
    const v = await productionVersion(database, m.name);
    if (!v) continue;
    const rules = await database.select().from(alertRules).where(and(eq(alertRules.modelId, m.id), eq(alertRules.enabled, true)));
    const reports = new Map<number, WindowReport | null>();
    for (const rule of rules) {
      if (!reports.has(rule.windowMinutes)) {
        reports.set(rule.windowMinutes, await windowReport(database, m.name, { start: new Date(now - rule.windowMinutes * 60_000), end: new Date(now), minRows: env().VIGIL_MONITOR_MIN_ROWS }, v));
      }
      const report = reports.get(rule.windowMinutes);
      if (!report) continue;
      const outcome = evaluateRule(rule, report);
      if (outcome.state !== 'firing' && outcome.state !== 'ok') continue; // not enough data: keep state
      const deliveries = await database.transaction(async (tx) => {
        const [open] = await tx.select().from(alerts).where(and(eq(alerts.ruleId, rule.id), eq(alerts.status, 'firing'), isNull(alerts.resolvedAt))).for('update');
        if (outcome.state === 'firing' && !open) {
          const [a] = await tx.insert(alerts).values({ ruleId: rule.id, modelId: m.id, versionId: v.versionId, status: 'firing', value: outcome.value, detail: outcome.detail ?? null, message: outcome.message }).returning();
          await writeAudit(tx, monitor, { action: 'alert.fire', targetType: 'alert', targetId: a.id, after: { model: m.name, rule: rule.name, severity: rule.severity, value: outcome.value, message: outcome.message } });
          fired++;
          await retrainOnAlert(tx, { modelId: m.id, modelName: m.name, ruleId: rule.id, alertId: a.id });
          return queueWebhookEvent(tx, 'alert.firing', { alert: { id: a.id, model: m.name, version: v.version, rule: rule.name, metric: rule.metric, severity: rule.severity, value: outcome.value, threshold: rule.threshold, message: outcome.message, firedAt: a.firedAt } });
        }
        if (outcome.state === 'ok' && open && clearlyResolved(rule, outcome.value)) {
          await tx.update(alerts).set({ status: 'resolved', resolvedAt: sql`now()` }).where(eq(alerts.id, open.id));
          await writeAudit(tx, monitor, { action: 'alert.resolve', targetType: 'alert', targetId: open.id, before: { status: 'firing' }, after: { status: 'resolved', value: outcome.value } });
          resolved++;
          return queueWebhookEvent(tx, 'alert.resolved', { alert: { id: open.id, model: m.name, version: v.version, rule: rule.name, metric: rule.metric, severity: rule.severity, value: outcome.value, message: outcome.message } });
        }
        if (open && outcome.state === 'firing') await tx.update(alerts).set({ value: outcome.value, message: outcome.message, detail: outcome.detail ?? null }).where(eq(alerts.id, open.id));
        return [];
      });
      await dispatchDeliveries(deliveries);
    }
  }
  return { models: served.length, fired, resolved };
}
