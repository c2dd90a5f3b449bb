// Retraining policies: an engineer proposes (training data, guardrails, optional trainer/params
// overrides); an approver or admin enables. Any change to a proposal sends it back to
// `proposed`, so what runs is always what someone with `retrain.enable` looked at.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { getTrainer, UnknownTrainerError } from '@/server/ml/trainers';
import { parseTrainerParams, ParamsError } from '@/server/ml/training/params';
import { aliases, alertRules, datasetVersions, models, modelVersions, runs, retrainPolicies, users } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { inTransaction } from '../transaction';
import { cronProblem } from './cron';
import { syncRetrainSchedule } from './schedule';
import { assertRetrainableTask } from './task-support';

export const proposeRetrainPolicyInput = z.object({
  model: z.string().min(1).max(100),
  /** `dataset`: train on datasetVersionId; `predictions`: build the data from the prediction log. */
  dataSource: z.enum(['dataset', 'predictions']).default('dataset'),
  datasetVersionId: z.string().uuid().nullable().optional(),
  /** From predictions: labelled predictions of the last N days before each trigger. */
  windowDays: z.number().int().min(1).max(365).nullable().optional(),
  appendToIncumbent: z.boolean().default(false),
  includeBatch: z.boolean().default(false),
  /** Validation = the latest X % of rows by prediction time (from predictions only); null: random split. */
  outOfTimeValidationPct: z.number().int().min(5).max(50).nullable().optional(),
  /** Passing candidates roll out through canary without a promotion request awaiting an approver. */
  autoPromote: z.boolean().default(false),
  trainer: z.string().min(1).max(50).nullable().optional(),
  params: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Five-field cron (UTC) for scheduled retrains. */
  scheduleCron: z.string().max(200).nullable().optional(),
  /** An alert rule of this model: when it starts firing, a retrain is triggered (guardrails apply). */
  onAlertRuleId: z.string().uuid().nullable().optional(),
  cooldownMinutes: z.number().int().min(0).max(30 * 24 * 60).default(60),
  maxPerDay: z.number().int().min(1).max(100).default(4),
  minLabelledRows: z.number().int().min(1).max(100_000_000).default(100),
});

async function modelByName(db: DbOrTx, name: string) {
  const [m] = await db.select().from(models).where(eq(models.name, name));
  if (!m) throw notFound(`model '${name}'`);
  return m;
}

export async function proposeRetrainPolicy(ctx: ServiceContext, input: z.input<typeof proposeRetrainPolicyInput>) {
  const actor = requirePermission(ctx, 'retrain.propose');
  if (actor.kind !== 'user') throw badRequest('a retraining policy is proposed by a person');
  const data = proposeRetrainPolicyInput.parse(input);
  const p = await inTransaction(ctx, async (tx) => {
    const m = await modelByName(tx, data.model);
    await assertRetrainableTask(tx, m.id, m.name);
    if (data.dataSource === 'dataset') {
      if (!data.datasetVersionId) throw badRequest('is required: the dataset version to train on (or choose data built from predictions)', 'datasetVersionId');
      const [dv] = await tx.select({ id: datasetVersions.id }).from(datasetVersions).where(eq(datasetVersions.id, data.datasetVersionId));
      if (!dv) throw badRequest('no such dataset version', 'datasetVersionId');
      if (data.outOfTimeValidationPct) throw badRequest('out-of-time validation needs rows in prediction-time order: choose data built from predictions', 'outOfTimeValidationPct');
    } else if (!data.windowDays) {
      throw badRequest('is required: how many days of labelled predictions to train on', 'windowDays');
    }
    if (data.trainer || data.params) {
      // Checked now, not when a retrain runs: the trainer named, else production's.
      const [prod] = await tx.select({ trainer: runs.trainer }).from(aliases).innerJoin(modelVersions, eq(modelVersions.id, aliases.versionId)).leftJoin(runs, eq(runs.id, modelVersions.runId)).where(and(eq(aliases.modelId, m.id), eq(aliases.name, 'production')));
      const trainerName = data.trainer ?? prod?.trainer;
      if (!trainerName) throw badRequest(`${m.name} has no production version trained here whose trainer the params could apply to: name a trainer`, 'trainer');
      try {
        const t = getTrainer(trainerName);
        if (data.params) parseTrainerParams(t, data.params);
      } catch (e) {
        if (e instanceof UnknownTrainerError) throw badRequest(e.message, 'trainer');
        if (e instanceof ParamsError) throw badRequest(e.message, 'params');
        throw e;
      }
    }
    if (data.scheduleCron) {
      const problem = cronProblem(data.scheduleCron);
      if (problem) throw badRequest(problem, 'scheduleCron');
    }
    if (data.onAlertRuleId) {
      const [rule] = await tx.select({ modelId: alertRules.modelId }).from(alertRules).where(eq(alertRules.id, data.onAlertRuleId));
      if (!rule || rule.modelId !== m.id) throw badRequest(`no alert rule ${data.onAlertRuleId} on ${m.name}`, 'onAlertRuleId');
    }
    const [before] = await tx.select().from(retrainPolicies).where(eq(retrainPolicies.modelId, m.id)).for('update');
    const values = {
      status: 'proposed' as const,
      dataSource: data.dataSource,
      datasetVersionId: data.dataSource === 'dataset' ? data.datasetVersionId! : null,
      windowDays: data.dataSource === 'predictions' ? data.windowDays! : null,
      appendToIncumbent: data.dataSource === 'predictions' && data.appendToIncumbent,
      includeBatch: data.dataSource === 'predictions' && data.includeBatch,
      outOfTimeValidationPct: data.outOfTimeValidationPct ?? null,
      autoPromote: data.autoPromote,
      trainer: data.trainer ?? null,
      params: data.params ?? null,
      onAlertRuleId: data.onAlertRuleId ?? null,
      scheduleCron: data.scheduleCron?.trim() || null,
      cooldownMinutes: data.cooldownMinutes,
      maxPerDay: data.maxPerDay,
      minLabelledRows: data.minLabelledRows,
      proposedBy: actor.id,
      enabledBy: null,
      enabledAt: null,
      updatedAt: sql`now()`,
    };
    const [p] = await tx
      .insert(retrainPolicies)
      .values({ modelId: m.id, ...values })
      .onConflictDoUpdate({ target: retrainPolicies.modelId, set: values })
      .returning();
    await writeAudit(tx, actor, { action: 'retrain_policy.propose', targetType: 'retrain_policy', targetId: p.id, before: before ?? null, after: { ...data, model: m.name } });
    return p;
  });
  await syncRetrainSchedule(p);
  return p;
}

export const setRetrainPolicyStatusInput = z.object({ model: z.string().min(1).max(100), enabled: z.boolean() });

/** Enable (or disable) the proposed policy: the second pair of eyes on what retraining may do. */
export async function setRetrainPolicyStatus(ctx: ServiceContext, input: z.input<typeof setRetrainPolicyStatusInput>) {
  const actor = requirePermission(ctx, 'retrain.enable');
  const data = setRetrainPolicyStatusInput.parse(input);
  const updated = await inTransaction(ctx, async (tx) => {
    const m = await modelByName(tx, data.model);
    const [p] = await tx.select().from(retrainPolicies).where(eq(retrainPolicies.modelId, m.id)).for('update');
    if (!p) throw notFound(`retraining policy of '${m.name}'`);
    const status = data.enabled ? ('enabled' as const) : ('disabled' as const);
    const [after] = await tx
      .update(retrainPolicies)
      .set({ status, enabledBy: data.enabled && actor.kind === 'user' ? actor.id : p.enabledBy, enabledAt: data.enabled ? sql`now()` : p.enabledAt, updatedAt: sql`now()` })
      .where(eq(retrainPolicies.id, p.id))
      .returning();
    await writeAudit(tx, actor, { action: data.enabled ? 'retrain_policy.enable' : 'retrain_policy.disable', targetType: 'retrain_policy', targetId: p.id, before: { status: p.status }, after: { model: m.name, status } });
    return after;
  });
  await syncRetrainSchedule(updated);
  return updated;
}

export async function getRetrainPolicy(ctx: ServiceContext, input: { model: string }) {
  requirePermission(ctx, 'console.read');
  const m = await modelByName(ctx.db, input.model);
  const [row] = await ctx.db
    .select({ policy: retrainPolicies, proposedByEmail: users.email })
    .from(retrainPolicies)
    .innerJoin(users, eq(users.id, retrainPolicies.proposedBy))
    .where(eq(retrainPolicies.modelId, m.id));
  if (!row) return null;
  const enabledByEmail = row.policy.enabledBy ? ((await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, row.policy.enabledBy)))[0]?.email ?? null) : null;
  return { ...row.policy, proposedByEmail: row.proposedByEmail, enabledByEmail };
}
