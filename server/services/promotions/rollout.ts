// The rollout driver (a scheduled worker pass): for each request being rolled out, analyse the
// canary over its current step; on regression roll the canary back at once (share 0, audited,
// an alert fired); when a step has run its time with enough traffic, move to the next share;
// after the last step, move production to the candidate. Every step is recorded on the request.
// Idempotent: each transition locks the request row and re-checks its state.
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { aliases, alertRules, alerts, models, modelVersions, promotionRequests } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { systemActor } from '../context';
import { applyAliasMove } from '../aliases/move-alias';
import { rollupModel } from '../monitoring/rollup';
import { dispatchDeliveries, queueWebhookEvent } from '../monitoring/webhooks';
import { analyzeCanary } from './canary-analysis';
import { recordEvent } from './events';

const rollout = systemActor('rollout');

export async function advanceRollouts(now = Date.now()): Promise<{ advanced: number; rolledBack: number; completed: number }> {
  const database = db();
  const active = await database.select({ req: promotionRequests, model: models }).from(promotionRequests).innerJoin(models, eq(models.id, promotionRequests.modelId)).where(eq(promotionRequests.status, 'rolling_out'));
  const out = { advanced: 0, rolledBack: 0, completed: 0 };
  for (const { req, model } of active) {
    await rollupModel(model.id);
    const [prod] = await database.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'production')));
    const [canary] = await database.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'canary')));
    const step = req.plan[req.currentStep];
    const since = req.stepStartedAt ?? req.decidedAt ?? new Date(now);
    // The on-call engineer may have rolled the canary back by hand: the rollout stops there.
    if (canary?.versionId !== req.candidateVersionId || !prod?.versionId) {
      await settle(req.id, 'rolled_back', 'canary_removed', { reason: 'the canary alias no longer points at the candidate (moved by hand)' });
      out.rolledBack++;
      continue;
    }
    const analysis = await analyzeCanary(database, { modelId: model.id, name: model.name }, req.candidateVersionId, prod.versionId, since);
    if (analysis.regression) {
      const ids = await database.transaction(async (tx) => {
        const [locked] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, req.id)).for('update');
        if (locked.status !== 'rolling_out') return [];
        await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'canary', toVersionId: null, share: 0, kind: 'auto_rollback', reason: `canary regression: ${analysis.reasons.join('; ')}` });
        await tx.update(promotionRequests).set({ status: 'rolled_back', updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
        await recordEvent(tx, req.id, rollout, 'auto_rollback', { step: req.currentStep + 1, analysis });
        await writeAudit(tx, rollout, { action: 'promotion.auto_rollback', targetType: 'promotion_request', targetId: req.id, before: { status: 'rolling_out' }, after: { status: 'rolled_back' }, reason: analysis.reasons.join('; ') });
        const rule = await canaryRule(tx, model.id);
        const [v] = await tx.select({ version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.id, req.candidateVersionId));
        const message = `canary v${v.version} rolled back automatically: ${analysis.reasons.join('; ')}`;
        const [a] = await tx.insert(alerts).values({ ruleId: rule.id, modelId: model.id, versionId: req.candidateVersionId, status: 'firing', message, detail: { requestId: req.id, reasons: analysis.reasons } }).returning();
        await writeAudit(tx, rollout, { action: 'alert.fire', targetType: 'alert', targetId: a.id, after: { model: model.name, rule: rule.name, message } });
        return queueWebhookEvent(tx, 'alert.firing', { alert: { id: a.id, model: model.name, version: v.version, rule: rule.name, metric: 'canary_regression', severity: 'critical', message } });
      });
      await dispatchDeliveries(ids);
      out.rolledBack++;
      continue;
    }
    const elapsed = now - since.getTime();
    if (elapsed < step.minutes * 60_000) continue;
    if (!analysis.enoughData) continue; // keep the step until the canary has seen enough traffic
    await database.transaction(async (tx) => {
      const [locked] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, req.id)).for('update');
      if (locked.status !== 'rolling_out' || locked.currentStep !== req.currentStep) return;
      await recordEvent(tx, req.id, rollout, 'step_passed', { step: req.currentStep + 1, analysis });
      const next = req.currentStep + 1;
      if (next < req.plan.length && req.plan[next].share < 1) {
        await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'canary', toVersionId: req.candidateVersionId, share: req.plan[next].share, kind: 'promote', reason: `rollout step ${next + 1}: ${Math.round(req.plan[next].share * 100)}%` });
        await tx.update(promotionRequests).set({ currentStep: next, stepStartedAt: new Date(now), updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
        await recordEvent(tx, req.id, rollout, 'canary_step', { step: next + 1, share: req.plan[next].share });
        out.advanced++;
        return;
      }
      // Last step (or a 100 % step): production moves to the candidate; canary and shadow are cleared.
      await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'production', toVersionId: req.candidateVersionId, share: 0, kind: 'promote', reason: `promotion request ${req.id.slice(0, 8)} completed its rollout`, expectedVersionId: prod.versionId });
      await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'canary', toVersionId: null, share: 0, kind: 'move', reason: 'rollout completed' });
      const [sh] = await tx.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'shadow')));
      if (sh?.versionId) await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'shadow', toVersionId: null, share: 0, kind: 'move', reason: 'rollout completed' });
      await tx.update(promotionRequests).set({ status: 'completed', currentStep: req.plan.length - 1, updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
      await recordEvent(tx, req.id, rollout, 'completed', { production: req.candidateVersionId });
      await writeAudit(tx, rollout, { action: 'promotion.complete', targetType: 'promotion_request', targetId: req.id, before: { status: 'rolling_out' }, after: { status: 'completed' } });
      out.completed++;
    });
  }
  return out;
}

async function settle(requestId: string, status: 'rolled_back', kind: string, detail: unknown) {
  await db().transaction(async (tx) => {
    const [locked] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, requestId)).for('update');
    if (locked.status !== 'rolling_out') return;
    await tx.update(promotionRequests).set({ status, updatedAt: sql`now()` }).where(eq(promotionRequests.id, requestId));
    await recordEvent(tx, requestId, rollout, kind, detail);
    await writeAudit(tx, rollout, { action: 'promotion.stop', targetType: 'promotion_request', targetId: requestId, before: { status: 'rolling_out' }, after: { status } });
  });
}

async function canaryRule(tx: Parameters<Parameters<ReturnType<typeof db>['transaction']>[0]>[0], modelId: string) {
  const [r] = await tx.select().from(alertRules).where(and(eq(alertRules.modelId, modelId), eq(alertRules.metric, 'canary_regression')));
  if (r) return r;
  const [created] = await tx
    .insert(alertRules)
    .values({ modelId, name: 'Canary regression (automatic rollback)', metric: 'canary_regression', direction: 'above', threshold: 0, windowMinutes: 10, minSamples: 30, severity: 'critical', isDefault: true })
    .returning();
  return created;
}
