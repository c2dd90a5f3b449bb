// Offline evaluation on the golden set: the candidate and the incumbent (production) score the
// same rows (those both can take), and we compute metrics, ROC / PR / calibration curves, the
// confusion matrix at the decision threshold, fairness reports per sensitive attribute (with
// bootstrap intervals for small groups) and the gates. Results keep lineage to both versions.
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/server/db/client';
import { aliases, datasetVersions, evaluations, models, modelVersions } from '@/server/db/schema';
import { bootstrapIntervals } from '@/server/ml/fairness/bootstrap';
import { fairnessReport, type FairnessReport } from '@/server/ml/fairness/report';
import { binaryMetrics, calibrationCurve, confusionMatrix, prCurve, rocCurve } from '@/server/ml/metrics';
import { checkDisparity, checkSlices, checkThreshold, verdict, type GateResult } from '@/server/ml/promotion/gates';
import { dispatch, enqueue } from '@/server/queue/enqueue';
import { PermanentJobError, type JobReporter } from '@/server/queue/tracked-job';
import { loadVersion } from '@/server/scoring/load-version';
import { scoreValidRows } from '@/server/scoring/score-rows';
import { DECISION_THRESHOLD } from '@/server/scoring/task-outputs';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';
import { readStoredTable } from '@/server/storage/read-table';
import { rowObject } from '@/server/ml/data/table';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, systemActor, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { inTransaction } from '../transaction';
import { loadPolicy } from './policies';
import { logHandled } from '@/server/observability/handled';

export const startEvaluationInput = z.object({ model: z.string(), version: z.number().int().positive() });

/** Queues an evaluation of `version` against the current production version on the golden set. */
export async function startEvaluation(ctx: ServiceContext, input: z.input<typeof startEvaluationInput>) {
  const actor = requirePermission(ctx, 'training.run');
  const data = startEvaluationInput.parse(input);
  const res = await inTransaction(ctx, async (tx) => {
    const [mv] = await tx.select({ v: modelVersions, m: models }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(and(eq(models.name, data.model), eq(modelVersions.version, data.version)));
    if (!mv) throw notFound(`${data.model} v${data.version}`);
    const policy = await loadPolicy(tx, mv.m.id);
    if (!policy.goldenDatasetVersionId) throw badRequest(`${data.model} has no golden set; choose one on the model's Evaluation tab`, 'model');
    const [prod] = await tx.select().from(aliases).where(and(eq(aliases.modelId, mv.m.id), eq(aliases.name, 'production')));
    const [ev] = await tx
      .insert(evaluations)
      .values({ modelId: mv.m.id, candidateVersionId: mv.v.id, incumbentVersionId: prod?.versionId && prod.versionId !== mv.v.id ? prod.versionId : null, goldenDatasetVersionId: policy.goldenDatasetVersionId, createdBy: actor.kind === 'user' ? actor.id : null })
      .returning();
    const job = await enqueue(tx, actor, 'evaluate', { v: 1, evaluationId: ev.id }, { title: `evaluate ${data.model} v${data.version}`, targetType: 'evaluation', targetId: ev.id });
    await tx.update(evaluations).set({ jobId: job.id }).where(eq(evaluations.id, ev.id));
    await writeAudit(tx, actor, { action: 'evaluation.start', targetType: 'evaluation', targetId: ev.id, after: { model: data.model, version: data.version, incumbentVersionId: ev.incumbentVersionId, goldenDatasetVersionId: ev.goldenDatasetVersionId } });
    return { ev, jobId: job.id };
  });
  await dispatch(ctx.db, [res.jobId]);
  return res.ev;
}

function summarizeVersion(y: number[], p: number[], groups: Map<string, (string | null)[]>) {
  const fairness: Record<string, FairnessReport & { intervals: ReturnType<typeof bootstrapIntervals> }> = {};
  for (const [attr, g] of groups) fairness[attr] = { ...fairnessReport(y, p, g, { threshold: DECISION_THRESHOLD }), intervals: bootstrapIntervals(y, p, g, { threshold: DECISION_THRESHOLD, replicates: 500, seed: 7 }) };
  return {
    metrics: binaryMetrics(y, p, DECISION_THRESHOLD),
    confusion: confusionMatrix(y, p, DECISION_THRESHOLD),
    curves: { roc: rocCurve(y, p), pr: prCurve(y, p), calibration: calibrationCurve(y, p, 10) },
    fairness,
  };
}

export async function executeEvaluation(evaluationId: string, r: JobReporter): Promise<void> {
  const database = db();
  const [ev] = await database.select().from(evaluations).where(eq(evaluations.id, evaluationId));
  if (!ev) throw new PermanentJobError(`evaluation ${evaluationId} not found`);
  if (ev.status === 'succeeded') return;
  await database.update(evaluations).set({ status: 'running' }).where(eq(evaluations.id, ev.id));
  const policy = await loadPolicy(database, ev.modelId);
  const [dv] = await database.select().from(datasetVersions).where(eq(datasetVersions.id, ev.goldenDatasetVersionId));
  const label = policy.goldenLabelColumn;
  if (!label) throw new PermanentJobError('the golden set has no label column');
  const table = await readStoredTable(dv.sha256);
  const labelCol = table.columns.find((c) => c.name === label);
  if (!labelCol || labelCol.type !== 'numeric') throw new PermanentJobError(`golden set column '${label}' is missing or not numeric`);
  await r.progress(0.1, `golden set ${dv.sha256.slice(0, 12)}: ${table.rowCount} rows`);
  const rows = Array.from({ length: table.rowCount }, (_, i) => rowObject(table, i));
  const versionIds = [ev.candidateVersionId, ...(ev.incumbentVersionId ? [ev.incumbentVersionId] : [])];
  const scored: Float64Array[] = [];
  const versions: { id: string; version: number }[] = [];
  for (const id of versionIds) {
    const [mv] = await database.select({ v: modelVersions, m: models }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(modelVersions.id, id));
    const lv = await loadVersion({ versionId: id, modelId: mv.m.id, modelName: mv.m.name, version: mv.v.version }, await artifactStore().getBytes(keyForSha(mv.v.artifactSha256)), 2048);
    try {
      scored.push((await scoreValidRows(lv, rows)).scores);
    } finally {
      await lv.session.release().catch(logHandled('evaluate', 'could not release an onnxruntime session'));
    }
    versions.push({ id, version: mv.v.version });
    await r.progress(0.2 + 0.3 * scored.length, `scored v${mv.v.version}`);
  }
  // Rows every version could take and whose label is 0/1.
  const keep: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const yv = (labelCol.values as Float64Array)[i];
    if ((yv === 0 || yv === 1) && scored.every((s) => Number.isFinite(s[i]))) keep.push(i);
  }
  if (keep.length === 0) throw new PermanentJobError('no golden-set row could be scored by every version with a 0/1 label');
  const y = keep.map((i) => (labelCol.values as Float64Array)[i]);
  const groups = new Map<string, (string | null)[]>();
  for (const attr of policy.sensitiveAttributes) {
    const col = table.columns.find((c) => c.name === attr);
    if (!col) continue;
    groups.set(attr, keep.map((i) => { const v = col.values[i]; return v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v); }));
  }
  const candidate = summarizeVersion(y, keep.map((i) => scored[0][i]), groups);
  const incumbent = scored[1] ? summarizeVersion(y, keep.map((i) => scored[1][i]), groups) : null;
  const gates: GateResult[] = [];
  for (const t of policy.gates.overall) {
    const m = t.metric as keyof typeof candidate.metrics;
    gates.push(checkThreshold(t, candidate.metrics[m] as number | null, incumbent ? (incumbent.metrics[m] as number | null) : null, `overall: ${t.metric}`));
  }
  for (const [attr] of groups) {
    gates.push(checkDisparity(attr, candidate.fairness[attr]));
    for (const t of policy.gates.slice) gates.push(...checkSlices(attr, t, candidate.fairness[attr], incumbent?.fairness[attr] ?? null));
  }
  const result = { rows: keep.length, skipped: table.rowCount - keep.length, candidate: { versionId: versions[0].id, version: versions[0].version, ...candidate }, incumbent: incumbent && { versionId: versions[1].id, version: versions[1].version, ...incumbent }, gates };
  await database.transaction(async (tx) => {
    await tx.update(evaluations).set({ status: 'succeeded', result, verdict: verdict(gates), finishedAt: sql`now()` }).where(eq(evaluations.id, ev.id));
    await writeAudit(tx, systemActor('worker'), { action: 'evaluation.succeed', targetType: 'evaluation', targetId: ev.id, after: { verdict: verdict(gates), rows: keep.length } });
  });
}

export async function settleEvaluation(id: string, error: string) {
  await db().update(evaluations).set({ status: 'failed', error, finishedAt: sql`now()` }).where(eq(evaluations.id, id));
}

export async function listEvaluations(ctx: ServiceContext, input: { model: string; version?: number }) {
  requirePermission(ctx, 'console.read');
  return ctx.db
    .select({ evaluation: evaluations, version: modelVersions.version })
    .from(evaluations)
    .innerJoin(models, eq(models.id, evaluations.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, evaluations.candidateVersionId))
    .where(and(eq(models.name, input.model), input.version ? eq(modelVersions.version, input.version) : sql`true`))
    .orderBy(desc(evaluations.createdAt))
    .limit(50);
}

export async function getEvaluation(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  const [ev] = await ctx.db.select().from(evaluations).where(eq(evaluations.id, input.id));
  if (!ev) throw notFound('evaluation');
  return ev;
}
