// The rollout driver (a scheduled worker pass): for each request being rolled out, analyse the
// canary over its current step; on regression roll the canary back at once (share 0, audited,
// an alert fired); when a step has run its time with enough traffic, move to the next share
// (a 100 % step included: it too is held for its minutes); after the last step, move production
// to the candidate. Every step is recorded on the request. A canary set outside a request (an
// admin's break-glass) is analysed the same way and rolled back on regression.
// Each rollout is handled on its own: one that fails is logged and counted, the others go on.
// Idempotent: each transition locks the request row and re-checks its state.
import { and, eq, gt, isNotNull, sql } from 'drizzle-orm';
import { db, type Tx } from '@/server/db/client';
import { aliasBadVersions, aliases, models, modelVersions, promotionRequests, type PromotionRequest } from '@/server/db/schema';
import { logger } from '@/server/observability/logger';
import { writeAudit } from '../audit/write-audit';
import { systemActor } from '../context';
import { applyAliasMove } from '../aliases/move-alias';
import { fireEventAlert } from '../monitoring/event-alert';
import { rollupModel } from '../monitoring/rollup';
import { dispatchDeliveries } from '../monitoring/webhooks';
import { analyzeCanary, type CanaryAnalysis } from './canary-analysis';
import { recordEvent } from './events';

const rollout = systemActor('rollout');
const log = logger({ component: 'rollout' });

export interface RolloutPass {
  advanced: number;
  rolledBack: number;
  completed: number;
  stopped: number;
  /** Steps still running their time (or waiting for enough canary traffic). */
  waiting: number;
  failed: number;
}

type Model = typeof models.$inferSelect;

export async function advanceRollouts(now = Date.now()): Promise<RolloutPass> {
  const database = db();
  const active = await database.select({ req: promotionRequests, model: models }).from(promotionRequests).innerJoin(models, eq(models.id, promotionRequests.modelId)).where(eq(promotionRequests.status, 'rolling_out'));
  const out: RolloutPass = { advanced: 0, rolledBack: 0, completed: 0, stopped: 0, waiting: 0, failed: 0 };
  for (const { req, model } of active) {
    try {
      out[await advanceOne(req, model, now)]++;
    } catch (e) {
      out.failed++;
      log.error({ err: e, requestId: req.id, model: model.name }, 'rollout step failed; the other rollouts go on');
    }
  }
  // Canaries nobody's request drives (break-glass): analysed like any other, rolled back on regression.
  const managed = new Set(active.map((a) => a.model.id));
  const loose = await database
    .select({ alias: aliases, model: models })
    .from(aliases)
    .innerJoin(models, eq(models.id, aliases.modelId))
    .where(and(eq(aliases.name, 'canary'), isNotNull(aliases.versionId), gt(aliases.share, 0)));
  for (const { alias, model } of loose) {
    if (managed.has(model.id)) continue;
    try {
      if (await checkLooseCanary(model, alias.versionId!, alias.updatedAt)) out.rolledBack++;
    } catch (e) {
      out.failed++;
      log.error({ err: e, model: model.name }, 'canary analysis failed');
    }
  }
  return out;
}

async function advanceOne(req: PromotionRequest, model: Model, now: number): Promise<'advanced' | 'rolledBack' | 'completed' | 'stopped' | 'waiting'> {
  const database = db();
  const until = (await rollupModel(model.id)).watermark;
  const [prod] = await database.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'production')));
  const [canary] = await database.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'canary')));
  const step = req.plan[req.currentStep];
  const since = req.stepStartedAt ?? req.decidedAt ?? new Date(now);
  // Production moved under the rollout (a rollback, a break-glass move): the comparison and the
  // final move would be against a version nobody approved this against. Stop and say why.
  if ((prod?.versionId ?? null) !== req.incumbentVersionId) {
    const versions = await versionNumbers([req.incumbentVersionId, prod?.versionId ?? null]);
    const why = `production moved from ${versions[0] ?? 'nothing'} to ${versions[1] ?? 'nothing'} while the rollout ran`;
    await stop(req, model, why, canary?.versionId === req.candidateVersionId);
    return 'stopped';
  }
  // The on-call engineer may have rolled the canary back by hand: the rollout stops there.
  if (canary?.versionId !== req.candidateVersionId || !prod?.versionId) {
    await settle(req.id, 'rolled_back', 'canary_removed', { reason: 'the canary alias no longer points at the candidate (moved by hand)' });
    return 'rolledBack';
  }
  const analysis = await analyzeCanary(database, { modelId: model.id, name: model.name }, req.candidateVersionId, prod.versionId, since, until);
  if (analysis.regression) {
    const ids = await database.transaction(async (tx) => {
      const [locked] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, req.id)).for('update');
      if (locked.status !== 'rolling_out') return [];
      await tx.update(promotionRequests).set({ status: 'rolled_back', updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
      await recordEvent(tx, req.id, rollout, 'auto_rollback', { step: req.currentStep + 1, analysis });
      await writeAudit(tx, rollout, { action: 'promotion.auto_rollback', targetType: 'promotion_request', targetId: req.id, before: { status: 'rolling_out' }, after: { status: 'rolled_back' }, reason: analysis.reasons.join('; ') });
      return rollCanaryBack(tx, model, req.candidateVersionId, analysis, { requestId: req.id });
    });
    await dispatchDeliveries(ids);
    return 'rolledBack';
  }
  // Every step, the last one included, runs its full time (and until the canary saw enough traffic).
  if (now - since.getTime() < step.minutes * 60_000 || !analysis.enoughData) return 'waiting';
  return database.transaction(async (tx) => {
    const [locked] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, req.id)).for('update');
    if (locked.status !== 'rolling_out' || locked.currentStep !== req.currentStep) return 'waiting' as const;
    await recordEvent(tx, req.id, rollout, 'step_passed', { step: req.currentStep + 1, analysis });
    const next = req.currentStep + 1;
    if (next < req.plan.length) {
      await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'canary', toVersionId: req.candidateVersionId, share: req.plan[next].share, kind: 'promote', reason: `rollout step ${next + 1}: ${Math.round(req.plan[next].share * 100)}%` });
      await tx.update(promotionRequests).set({ currentStep: next, stepStartedAt: new Date(now), updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
      await recordEvent(tx, req.id, rollout, 'canary_step', { step: next + 1, share: req.plan[next].share });
      return 'advanced' as const;
    }
    // After the last step: production moves to the candidate; canary and shadow are cleared. An
    // approved request is how a version once rolled back from returns: its bad mark is cleared.
    await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'production', toVersionId: req.candidateVersionId, share: 0, kind: 'promote', reason: `promotion request ${req.id.slice(0, 8)} completed its rollout`, expectedVersionId: prod.versionId });
    await tx.delete(aliasBadVersions).where(and(eq(aliasBadVersions.modelId, model.id), eq(aliasBadVersions.alias, 'production'), eq(aliasBadVersions.versionId, req.candidateVersionId)));
    await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'canary', toVersionId: null, share: 0, kind: 'move', reason: 'rollout completed' });
    const [sh] = await tx.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'shadow')));
    if (sh?.versionId) await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'shadow', toVersionId: null, share: 0, kind: 'move', reason: 'rollout completed' });
    await tx.update(promotionRequests).set({ status: 'completed', currentStep: req.plan.length - 1, updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
    await recordEvent(tx, req.id, rollout, 'completed', { production: req.candidateVersionId });
    await writeAudit(tx, rollout, { action: 'promotion.complete', targetType: 'promotion_request', targetId: req.id, before: { status: 'rolling_out' }, after: { status: 'completed' } });
    return 'completed' as const;
  });
}

async function versionNumbers(ids: (string | null)[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const id of ids) {
    if (!id) out.push(null);
    else out.push(`v${(await db().select({ version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.id, id)))[0]?.version ?? '?'}`);
  }
  return out;
}

/** Clears the canary and fires the critical alert (in the caller's transaction); returns webhook deliveries. */
async function rollCanaryBack(tx: Tx, model: Model, versionId: string, analysis: CanaryAnalysis, detail: Record<string, unknown>): Promise<number[]> {
  await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'canary', toVersionId: null, share: 0, kind: 'auto_rollback', reason: `canary regression: ${analysis.reasons.join('; ')}` });
  const [v] = await tx.select({ version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.id, versionId));
  return fireEventAlert(tx, rollout, {
    modelId: model.id,
    modelName: model.name,
    metric: 'canary_regression',
    versionId,
    version: v.version,
    message: `canary v${v.version} rolled back automatically: ${analysis.reasons.join('; ')}`,
    detail: { ...detail, reasons: analysis.reasons },
  });
}

async function checkLooseCanary(model: Model, canaryVersionId: string, since: Date): Promise<boolean> {
  const database = db();
  const until = (await rollupModel(model.id)).watermark;
  const [prod] = await database.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'production')));
  if (!prod?.versionId) return false;
  const analysis = await analyzeCanary(database, { modelId: model.id, name: model.name }, canaryVersionId, prod.versionId, since, until);
  if (!analysis.regression) return false;
  const ids = await database.transaction(async (tx) => {
    const [c] = await tx.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'canary'))).for('update');
    if (c?.versionId !== canaryVersionId) return null;
    return rollCanaryBack(tx, model, canaryVersionId, analysis, { breakGlassCanary: true });
  });
  if (ids === null) return false;
  await dispatchDeliveries(ids);
  return true;
}

async function stop(req: PromotionRequest, model: Model, why: string, clearCanary: boolean) {
  await db().transaction(async (tx) => {
    const [locked] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, req.id)).for('update');
    if (locked.status !== 'rolling_out') return;
    if (clearCanary) await applyAliasMove(tx, rollout, { modelId: model.id, modelName: model.name, alias: 'canary', toVersionId: null, share: 0, kind: 'move', reason: `rollout stopped: ${why}` });
    await tx.update(promotionRequests).set({ status: 'stale', updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
    await recordEvent(tx, req.id, rollout, 'stopped', { reason: why });
    await writeAudit(tx, rollout, { action: 'promotion.stop', targetType: 'promotion_request', targetId: req.id, before: { status: 'rolling_out' }, after: { status: 'stale' }, reason: why });
  });
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
