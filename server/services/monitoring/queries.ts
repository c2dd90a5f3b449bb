// Console-facing monitoring actions (permission first, then the computation).
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { alertRules, models, modelPolicies, modelVersions, monitorHealth, monitorWatermarks } from '@/server/db/schema';
import { env } from '@/server/env';
import { addJob } from '@/server/queue/enqueue';
import { QUEUES } from '@/server/queue/contract';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { metricMismatch, type ModelTask } from '@/server/ml/monitoring/metric-tasks';
import { inTransaction } from '../transaction';
import { ruleInput } from './alert-rules';
import { featureHistogram } from './histogram';
import { monitoringSeries } from './series';
import { sliceReport } from './slices';
import { productionVersion, windowReport } from './window-report';

export const windowInput = z.object({ model: z.string(), windowMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60), version: z.number().int().positive().optional() });

async function versionFor(ctx: ServiceContext, model: string, version?: number) {
  if (version === undefined) {
    const v = await productionVersion(ctx.db, model);
    if (!v) throw notFound(`a production version of '${model}'`);
    return v;
  }
  const [row] = await ctx.db
    .select({ modelId: models.id, versionId: modelVersions.id, version: modelVersions.version, metrics: modelVersions.metrics })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, model), eq(modelVersions.version, version)));
  if (!row) throw notFound(`${model} v${version}`);
  return row;
}

const windowOf = (minutes: number) => ({ start: new Date(Date.now() - minutes * 60_000), end: new Date(), minRows: env().VIGIL_MONITOR_MIN_ROWS });

export async function getReport(ctx: ServiceContext, input: z.input<typeof windowInput>) {
  requirePermission(ctx, 'console.read');
  const q = windowInput.parse(input);
  const v = await versionFor(ctx, q.model, q.version);
  return windowReport(ctx.db, q.model, windowOf(q.windowMinutes), v);
}

export const seriesInput = z.object({ model: z.string(), hours: z.number().min(0.25).max(24 * 7).default(6), bucketMinutes: z.number().int().min(1).max(24 * 60).default(10), version: z.number().int().positive().optional() });

export async function getSeries(ctx: ServiceContext, input: z.input<typeof seriesInput>) {
  requirePermission(ctx, 'console.read');
  const q = seriesInput.parse(input);
  const v = await versionFor(ctx, q.model, q.version);
  return monitoringSeries(ctx.db, { modelId: v.modelId, modelName: q.model, versionId: v.versionId }, { start: new Date(Date.now() - q.hours * 3600_000), end: new Date(), bucketMinutes: q.bucketMinutes, minRows: env().VIGIL_MONITOR_MIN_ROWS });
}

export async function getHistogram(ctx: ServiceContext, input: z.input<typeof windowInput> & { feature: string }) {
  requirePermission(ctx, 'console.read');
  const q = windowInput.parse(input);
  const v = await versionFor(ctx, q.model, q.version);
  const h = await featureHistogram(ctx.db, v.versionId, input.feature, windowOf(q.windowMinutes));
  if (!h) throw notFound(`a reference for feature '${input.feature}'`);
  return h;
}

export async function getSlices(ctx: ServiceContext, input: z.input<typeof windowInput> & { column: string }) {
  requirePermission(ctx, 'console.read');
  const q = windowInput.parse(input);
  const v = await versionFor(ctx, q.model, q.version);
  return sliceReport(ctx.db, v, input.column, windowOf(q.windowMinutes));
}

export async function listRules(ctx: ServiceContext, input: { model: string }) {
  requirePermission(ctx, 'console.read');
  const [m] = await ctx.db.select().from(models).where(eq(models.name, input.model));
  if (!m) throw notFound(`model '${input.model}'`);
  return ctx.db.select().from(alertRules).where(eq(alertRules.modelId, m.id)).orderBy(alertRules.createdAt);
}

export const saveRuleInput = ruleInput.extend({ model: z.string(), id: z.string().uuid().optional() });

export async function saveRule(ctx: ServiceContext, input: z.input<typeof saveRuleInput>) {
  const actor = requirePermission(ctx, 'policy.manage');
  const { model, id, ...data } = saveRuleInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, model));
    if (!m) throw notFound(`model '${model}'`);
    // A metric must fit the model's task (its newest version's: one task per model).
    const [latest] = await tx.select({ task: modelVersions.task }).from(modelVersions).where(eq(modelVersions.modelId, m.id)).orderBy(desc(modelVersions.version)).limit(1);
    const mismatch = metricMismatch(data.metric, (latest?.task ?? 'binary') as ModelTask);
    if (mismatch) throw badRequest(`metric: ${mismatch}`, 'metric');
    if (id) {
      const [before] = await tx.select().from(alertRules).where(and(eq(alertRules.id, id), eq(alertRules.modelId, m.id)));
      if (!before) throw notFound('alert rule');
      const [after] = await tx.update(alertRules).set({ ...data, feature: data.feature ?? null }).where(eq(alertRules.id, id)).returning();
      await writeAudit(tx, actor, { action: 'alert_rule.update', targetType: 'alert_rule', targetId: id, before, after });
      return after;
    }
    const [r] = await tx.insert(alertRules).values({ ...data, feature: data.feature ?? null, modelId: m.id }).returning();
    await writeAudit(tx, actor, { action: 'alert_rule.create', targetType: 'alert_rule', targetId: r.id, after: r });
    return r;
  });
}

/** Runs a monitoring pass now (instead of waiting for the schedule). */
export async function runMonitorNow(ctx: ServiceContext) {
  requirePermission(ctx, 'training.run');
  const job = await addJob(QUEUES.monitor.name, 'manual', { v: 1 }, { ...QUEUES.monitor.defaults, removeOnComplete: 100, removeOnFail: 100 });
  return { jobId: job.id };
}

export async function getSliceColumns(ctx: ServiceContext, input: { model: string }) {
  requirePermission(ctx, 'console.read');
  const [row] = await ctx.db.select({ cols: modelPolicies.sliceColumns }).from(modelPolicies).innerJoin(models, eq(models.id, modelPolicies.modelId)).where(eq(models.name, input.model));
  return row?.cols ?? [];
}

export async function setSliceColumns(ctx: ServiceContext, input: { model: string; columns: string[] }) {
  const actor = requirePermission(ctx, 'policy.manage');
  return inTransaction(ctx, async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, input.model));
    if (!m) throw notFound(`model '${input.model}'`);
    const [before] = await tx.select().from(modelPolicies).where(eq(modelPolicies.modelId, m.id));
    await tx.insert(modelPolicies).values({ modelId: m.id, sliceColumns: input.columns }).onConflictDoUpdate({ target: modelPolicies.modelId, set: { sliceColumns: input.columns, updatedAt: sql`now()` } });
    await writeAudit(tx, actor, { action: 'model_policy.slice_columns', targetType: 'model', targetId: m.id, before: { sliceColumns: before?.sliceColumns ?? [] }, after: { sliceColumns: input.columns } });
    return input.columns;
  });
}


/** The monitoring pass's own health for a model: last success, last error, how far rollups are. */
export async function getMonitorHealth(ctx: ServiceContext, input: { model: string }) {
  requirePermission(ctx, 'console.read');
  const [m] = await ctx.db.select().from(models).where(eq(models.name, input.model));
  if (!m) throw notFound(`model '${input.model}'`);
  const [h] = await ctx.db.select().from(monitorHealth).where(eq(monitorHealth.modelId, m.id));
  const [w] = await ctx.db.select().from(monitorWatermarks).where(eq(monitorWatermarks.modelId, m.id));
  const everyMs = env().VIGIL_MONITOR_EVERY_MS;
  // Stale: no successful pass in three intervals (at least 5 minutes) — a failing model, or no worker running passes at all.
  const staleAfterMs = Math.max(3 * everyMs, 5 * 60_000);
  const lastSuccessAt = h?.lastSuccessAt ?? null;
  return {
    lastSuccessAt,
    lastDurationMs: h?.lastDurationMs ?? null,
    lastError: h?.lastError ?? null,
    lastErrorAt: h?.lastErrorAt ?? null,
    failingSince: h?.failingSince ?? null,
    ingestedUpTo: w?.rolledUpTo ?? null,
    everyMs,
    stale: !lastSuccessAt || Date.now() - lastSuccessAt.getTime() > staleAfterMs,
  };
}
