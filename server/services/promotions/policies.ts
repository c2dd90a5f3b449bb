// Per-model evaluation policy: the golden test set (fixed until changed, the change audited),
// the sensitive attributes, the gates and the default rollout plan.
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { binaryLabelProblem, profileOf, summaryFromProfile } from '@/server/ml/data/column-roles';
import type { DbOrTx } from '@/server/db/client';
import { datasetVersions, modelPolicies, models, modelVersions } from '@/server/db/schema';
import type { Task } from '@/server/ml/onnx/signature';
import { ALL_GATE_METRICS, DEFAULT_TASK_GATES, gateProblems } from '@/server/ml/promotion/gate-metrics';
import type { MetricThreshold } from '@/server/ml/promotion/gates';
import { DEFAULT_SHADOW_THRESHOLDS, shadowThresholdsSchema, type ShadowThresholds } from '@/server/ml/promotion/shadow-gate';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { writtenText } from '../text-input';
import { inTransaction } from '../transaction';

export const DEFAULT_ROLLOUT = [
  { share: 0.1, minutes: 10 },
  { share: 0.5, minutes: 10 },
  { share: 1, minutes: 10 },
];

const threshold = z.object({
  // Which of these a model's gates may name depends on its task (gate-metrics.ts, checked in setPolicy).
  metric: z.enum(ALL_GATE_METRICS),
  greater_is_better: z.boolean(),
  threshold: z.number().finite().nullable().optional(),
  min_absolute_change: z.number().finite().nullable().optional(),
  min_relative_change: z.number().finite().nullable().optional(),
});
export const gatesSchema = z.object({ overall: z.array(threshold).max(10), slice: z.array(threshold).max(5) });
export type Gates = z.infer<typeof gatesSchema>;
// A plan's shares rise step by step; every step, the last included, is held for its minutes
// before the next (after the last, production moves to the candidate).
export const planSchema = z
  .array(z.object({ share: z.number().gt(0).max(1), minutes: z.number().min(0.1).max(7 * 24 * 60) }))
  .min(1)
  .max(10)
  .superRefine((plan, c) => {
    for (let i = 1; i < plan.length; i++) {
      if (plan[i].share <= plan[i - 1].share) c.addIssue({ code: 'custom', path: [i, 'share'], message: `step ${i + 1}'s share must be above step ${i}'s (${plan[i - 1].share})` });
    }
  });

export const DEFAULT_PROTECTED_ALIASES = ['production', 'canary'];
const aliasName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lowercase letters, digits, dash or underscore');

export interface Policy {
  modelId: string;
  /** The model's task (its versions'; binary before it has one): picks the default gates and the gate metrics. */
  task: Task;
  goldenDatasetVersionId: string | null;
  goldenLabelColumn: string | null;
  sensitiveAttributes: string[];
  gates: { overall: MetricThreshold[]; slice: MetricThreshold[] };
  rolloutPlan: { share: number; minutes: number }[];
  /** Aliases that move only through an approved promotion request (or an admin's break-glass). */
  protectedAliases: string[];
  shadowThresholds: ShadowThresholds;
}

/** A model's task: its newest version's (a model keeps one task); binary while it has none. */
export async function modelTask(db: DbOrTx, modelId: string): Promise<Task> {
  const [v] = await db.select({ task: modelVersions.task }).from(modelVersions).where(eq(modelVersions.modelId, modelId)).orderBy(desc(modelVersions.version)).limit(1);
  return v?.task ?? 'binary';
}

export async function loadPolicy(db: DbOrTx, modelId: string): Promise<Policy> {
  const [p] = await db.select().from(modelPolicies).where(eq(modelPolicies.modelId, modelId));
  const task = await modelTask(db, modelId);
  return {
    modelId,
    task,
    goldenDatasetVersionId: p?.goldenDatasetVersionId ?? null,
    goldenLabelColumn: p?.goldenLabelColumn ?? null,
    sensitiveAttributes: p?.sensitiveAttributes ?? [],
    gates: (p?.gates as Gates | null) ?? DEFAULT_TASK_GATES[task],
    rolloutPlan: p?.rolloutPlan ?? DEFAULT_ROLLOUT,
    protectedAliases: p?.protectedAliases ?? DEFAULT_PROTECTED_ALIASES,
    shadowThresholds: (p?.shadowThresholds as ShadowThresholds | null) ?? DEFAULT_SHADOW_THRESHOLDS,
  };
}

async function modelByName(db: DbOrTx, name: string) {
  const [m] = await db.select().from(models).where(eq(models.name, name));
  if (!m) throw notFound(`model '${name}'`);
  return m;
}

export async function getPolicy(ctx: ServiceContext, input: { model: string }) {
  requirePermission(ctx, 'console.read');
  const m = await modelByName(ctx.db, input.model);
  return loadPolicy(ctx.db, m.id);
}

export const setGoldenSetInput = z.object({ model: z.string(), datasetVersionId: z.string().uuid(), labelColumn: z.string().min(1), reason: z.string().max(1000).optional() });

/** Chooses the golden set (an engineer's decision, audited; evaluations use it until it changes). */
export async function setGoldenSet(ctx: ServiceContext, input: z.input<typeof setGoldenSetInput>) {
  const actor = requirePermission(ctx, 'model.write');
  const data = setGoldenSetInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const m = await modelByName(tx, data.model);
    const [dv] = await tx.select().from(datasetVersions).where(eq(datasetVersions.id, data.datasetVersionId));
    if (!dv) throw notFound('dataset version');
    const col = dv.schema.find((c) => c.name === data.labelColumn);
    if (!col) throw badRequest(`the golden set has no column '${data.labelColumn}'`, 'labelColumn');
    // The label's meaning follows the model's task; a multiclass label's values are checked
    // against each evaluated version's classes when it runs (golden-labels.ts).
    const task = await modelTask(tx, m.id);
    if (task === 'binary') {
      if (col.type !== 'numeric') throw badRequest(`label column '${data.labelColumn}' must hold 0/1`, 'labelColumn');
      const labelProfile = profileOf(dv.profile, data.labelColumn);
      const labelProblem = labelProfile ? binaryLabelProblem(summaryFromProfile(labelProfile)) : null;
      if (labelProblem) throw badRequest(`label column ${labelProblem}`, 'labelColumn');
    } else if (task === 'regression' && col.type !== 'numeric') {
      throw badRequest(`label column '${data.labelColumn}' must hold numbers: ${data.model} is a regression model`, 'labelColumn');
    }
    const before = await loadPolicy(tx, m.id);
    await tx
      .insert(modelPolicies)
      .values({ modelId: m.id, goldenDatasetVersionId: dv.id, goldenLabelColumn: data.labelColumn })
      .onConflictDoUpdate({ target: modelPolicies.modelId, set: { goldenDatasetVersionId: dv.id, goldenLabelColumn: data.labelColumn, updatedAt: sql`now()` } });
    await writeAudit(tx, actor, {
      action: 'model_policy.golden_set',
      targetType: 'model',
      targetId: m.id,
      before: { datasetVersionId: before.goldenDatasetVersionId, labelColumn: before.goldenLabelColumn },
      after: { datasetVersionId: dv.id, sha256: dv.sha256, labelColumn: data.labelColumn },
      reason: data.reason,
    });
    return loadPolicy(tx, m.id);
  });
}

export const setPolicyInput = z.object({
  model: z.string(),
  sensitiveAttributes: z.array(z.string().min(1).max(100)).max(10).optional(),
  gates: gatesSchema.optional(),
  rolloutPlan: planSchema.optional(),
  protectedAliases: z.array(aliasName).max(20).optional(),
  shadowThresholds: shadowThresholdsSchema.optional(),
  reason: writtenText(2000).optional(),
});

export async function setPolicy(ctx: ServiceContext, input: z.input<typeof setPolicyInput>) {
  const actor = requirePermission(ctx, 'policy.manage');
  const data = setPolicyInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const m = await modelByName(tx, data.model);
    const before = await loadPolicy(tx, m.id);
    // Gates must name metrics the model's versions have, in their direction (gate-metrics.ts).
    // Before the model's first version its task is not known: the evaluation checks them then.
    if (data.gates) {
      const [hasVersion] = await tx.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.modelId, m.id)).limit(1);
      const problems = gateProblems(hasVersion ? before.task : 'binary', data.gates).filter((p) => hasVersion || p.path.endsWith('greater_is_better'));
      if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems[0].path);
    }
    const patch = {
      ...(data.sensitiveAttributes ? { sensitiveAttributes: data.sensitiveAttributes } : {}),
      ...(data.gates ? { gates: data.gates } : {}),
      ...(data.rolloutPlan ? { rolloutPlan: data.rolloutPlan } : {}),
      ...(data.protectedAliases ? { protectedAliases: [...new Set(data.protectedAliases)] } : {}),
      ...(data.shadowThresholds ? { shadowThresholds: data.shadowThresholds } : {}),
    };
    await tx.insert(modelPolicies).values({ modelId: m.id, ...patch }).onConflictDoUpdate({ target: modelPolicies.modelId, set: { ...patch, updatedAt: sql`now()` } });
    await writeAudit(tx, actor, { action: 'model_policy.update', targetType: 'model', targetId: m.id, before, after: patch, reason: data.reason });
    return loadPolicy(tx, m.id);
  });
}
