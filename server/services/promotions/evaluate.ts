// Offline evaluation on the golden set: the candidate and the incumbent (production) score the
// same rows (those both can take), and we compute the task's metrics (binary: metrics, ROC / PR /
// calibration curves, the confusion matrix at the decision threshold; multiclass and regression:
// server/ml/promotion/evaluation-summary.ts), fairness reports per sensitive attribute (with
// bootstrap intervals) and the gates. Results keep lineage to both versions.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/server/db/client';
import { aliases, datasetVersions, evaluations, models, modelVersions } from '@/server/db/schema';
import type { Task } from '@/server/ml/onnx/signature';
import { binarySide, multiclassSide, regressionSide } from '@/server/ml/promotion/evaluation-summary';
import { gateProblems } from '@/server/ml/promotion/gate-metrics';
import { goldenLabels, GoldenSetError, labelIndices, type GoldenLabels } from '@/server/ml/promotion/golden-labels';
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

/** A version's task as registered (model_versions.task / classes). */
type VersionTask = { task: 'binary' } | { task: 'multiclass'; classes: string[] } | { task: 'regression' };

function versionTask(v: { task: Task; classes: string[] | null; version: number }): VersionTask {
  if (v.task !== 'multiclass') return { task: v.task };
  if (!v.classes?.length) throw new PermanentJobError(`v${v.version} is multiclass but has no class names recorded`);
  return { task: 'multiclass', classes: v.classes };
}

/** The scores of the kept rows, row-major (k values per row for multiclass). */
function keptScores(s: Float64Array, keep: number[], width: number): Float64Array {
  const out = new Float64Array(keep.length * width);
  keep.forEach((i, r) => out.set(s.subarray(i * width, (i + 1) * width), r * width));
  return out;
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
  const versionIds = [ev.candidateVersionId, ...(ev.incumbentVersionId ? [ev.incumbentVersionId] : [])];
  const rowsOf = await Promise.all(versionIds.map(async (id) => (await database.select({ v: modelVersions, m: models }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(modelVersions.id, id)))[0]));
  const tasks = rowsOf.map((x) => versionTask(x.v));
  const task = tasks[0].task;
  // The policy's gates must name metrics of the candidate's task (a policy saved before the model
  // had a version was not checked against one).
  const problems = gateProblems(task, policy.gates);
  if (problems.length) throw new PermanentJobError(`the model's gates do not fit a ${task} model: ${problems.map((p) => p.message).join('; ')}`);
  const table = await readStoredTable(dv.sha256);
  let labels: GoldenLabels;
  try {
    labels = goldenLabels(table, label, task);
  } catch (e) {
    if (e instanceof GoldenSetError) throw new PermanentJobError(e.message);
    throw e;
  }
  await r.progress(0.1, `golden set ${dv.sha256.slice(0, 12)}: ${table.rowCount} rows`);
  const rows = Array.from({ length: table.rowCount }, (_, i) => rowObject(table, i));
  const scored: { scores: Float64Array; width: number }[] = [];
  const versions: { id: string; version: number }[] = [];
  for (const mv of rowsOf) {
    const lv = await loadVersion({ versionId: mv.v.id, modelId: mv.m.id, modelName: mv.m.name, version: mv.v.version }, await artifactStore().getBytes(keyForSha(mv.v.artifactSha256)), 2048);
    try {
      const s = await scoreValidRows(lv, rows);
      scored.push({ scores: s.scores, width: s.width });
    } finally {
      await lv.session.release().catch(logHandled('evaluate', 'could not release an onnxruntime session'));
    }
    versions.push({ id: mv.v.id, version: mv.v.version });
    await r.progress(0.2 + 0.3 * scored.length, `scored v${mv.v.version}`);
  }
  // Multiclass labels as each version's class indices (a label that is not a class is refused).
  let classLabels: (number | null)[][] = [];
  if (labels.task === 'multiclass') {
    const names = labels.values;
    try {
      classLabels = tasks.map((t, k) => labelIndices(table, label, names, t.task === 'multiclass' ? t.classes : [], `v${versions[k].version}`));
    } catch (e) {
      if (e instanceof GoldenSetError) throw new PermanentJobError(e.message);
      throw e;
    }
  }
  // Rows every version could take and whose label is usable (binary: 0/1; others: present).
  const keep: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    if (labels.values[i] === null) continue;
    if (scored.every((s) => Number.isFinite(s.scores[i * s.width]))) keep.push(i);
  }
  const usable = task === 'binary' ? 'with a 0/1 label' : 'with a label';
  if (keep.length === 0) throw new PermanentJobError(`no golden-set row could be scored by every version ${usable}`);
  const groups = new Map<string, (string | null)[]>();
  for (const attr of policy.sensitiveAttributes) {
    const col = table.columns.find((c) => c.name === attr);
    if (!col) continue;
    groups.set(attr, keep.map((i) => { const v = col.values[i]; return v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v); }));
  }
  const summarize = (k: number) => {
    const t = tasks[k];
    const s = scored[k];
    if (t.task === 'multiclass') return multiclassSide(keep.map((i) => classLabels[k][i]!), keptScores(s.scores, keep, s.width), t.classes, groups);
    const y = keep.map((i) => labels.values[i] as number);
    const p = keep.map((i) => s.scores[i * s.width]);
    return t.task === 'regression' ? regressionSide(y, p, groups) : binarySide(y, p, groups, DECISION_THRESHOLD);
  };
  const candidate = summarize(0);
  const incumbent = scored[1] ? summarize(1) : null;
  const metricOf = (side: typeof candidate | null, m: string) => {
    const v = side ? (side.metrics as unknown as Record<string, unknown>)[m] : null;
    return typeof v === 'number' ? v : null;
  };
  const gates: GateResult[] = [];
  for (const t of policy.gates.overall) gates.push(checkThreshold(t, metricOf(candidate, t.metric), metricOf(incumbent, t.metric), `overall: ${t.metric}`));
  for (const [attr] of groups) {
    // The four-fifths disparity gate is a binary rule (selection-rate ratios); other tasks gate
    // their slices only.
    if (!('task' in candidate)) gates.push(checkDisparity(attr, candidate.fairness[attr]));
    for (const t of policy.gates.slice) gates.push(...checkSlices(attr, t, candidate.fairness[attr], incumbent?.fairness[attr] ?? null));
  }
  // A binary result keeps its shape of before tasks (no `task` key); others say their task.
  const result = { ...(task === 'binary' ? {} : { task }), rows: keep.length, skipped: table.rowCount - keep.length, candidate: { versionId: versions[0].id, version: versions[0].version, ...candidate }, incumbent: incumbent && { versionId: versions[1].id, version: versions[1].version, ...incumbent }, gates };
  await database.transaction(async (tx) => {
    await tx.update(evaluations).set({ status: 'succeeded', result, verdict: verdict(gates), finishedAt: sql`now()` }).where(eq(evaluations.id, ev.id));
    await writeAudit(tx, systemActor('worker'), { action: 'evaluation.succeed', targetType: 'evaluation', targetId: ev.id, after: { verdict: verdict(gates), rows: keep.length } });
  });
}

export async function settleEvaluation(id: string, error: string) {
  await db().update(evaluations).set({ status: 'failed', error, finishedAt: sql`now()` }).where(eq(evaluations.id, id));
}

export async function getEvaluation(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  const [ev] = await ctx.db.select().from(evaluations).where(eq(evaluations.id, input.id));
  if (!ev) throw notFound('evaluation');
  return ev;
}
