// The retrain pipeline, one job per attempt: [build the data from the prediction log, when the
// policy says so (prediction-data.ts)] → train (the incumbent's trainer, spec, params and
// target unless the policy overrides trainer/params) → register the candidate → evaluate it
// against the incumbent on the golden set with the fairness and slice gates (the evaluation
// promotion requests use) → decide. Each step's result is written to the attempt before the
// next starts, so a retried job resumes where the last one stopped.
// Refused (any gate failed or could not be checked): a report of the gates, a critical alert
// through the usual channels, production untouched. Passed: a promotion request with the
// evaluation attached, requested by the retraining user (see requester.ts); four eyes apply —
// or, where the policy allows automatic promotion, that request starts its canary rollout at
// once (auto-promote.ts), canary analysis and automatic rollback still in force.
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { datasetVersions, evaluations, models, modelVersions, retrainAttempts, retrainPolicies, runs, type RetrainAttempt } from '@/server/db/schema';
import { goldenOverlap } from '@/server/ml/data/row-hash';
import type { GateResult } from '@/server/ml/promotion/gates';
import { readStoredTable } from '@/server/storage/read-table';
import { logger } from '@/server/observability/logger';
import { PermanentJobError, type JobReporter } from '@/server/queue/tracked-job';
import { writeAudit } from '../audit/write-audit';
import { systemActor, type ServiceContext } from '../context';
import { ServiceError } from '../errors';
import { registerFromRun } from '../models/register-version';
import { dispatchDeliveries } from '../monitoring/webhooks';
import { fireEventAlert } from '../monitoring/event-alert';
import { startEvaluation } from '../promotions/evaluate';
import { loadPolicy } from '../promotions/policies';
import { requestPromotion } from '../promotions/requests';
import { startRun } from '../runs/start-run';
import { refusalReason, refusedGates } from './refusal';
import { retrainingRequester } from './requester';
import { autoPromote } from './auto-promote';
import { buildFromPredictions } from './prediction-data';
import { lineageText } from '@/server/ml/data/prediction-dataset';

const log = logger({ component: 'retrain-pipeline' });
const ACTOR = systemActor('retraining');
const POLL_MS = 250;
/** Longest a step may wait for its training run or evaluation job. */
const STEP_TIMEOUT_MS = 6 * 3600_000;

type Validation = { metrics?: Record<string, number | null> } | null | undefined;
const validationOf = (metrics: unknown) => ((metrics as { validation?: Validation } | null)?.validation?.metrics ?? null);

async function update(id: string, set: Partial<RetrainAttempt>) {
  const [a] = await db().update(retrainAttempts).set(set).where(eq(retrainAttempts.id, id)).returning();
  return a;
}

async function waitUntil<T>(what: string, read: () => Promise<T>, done: (t: T) => boolean, r: JobReporter): Promise<T> {
  const until = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (r.isCancelled() || (await r.checkCancelled())) throw new PermanentJobError(`cancelled while waiting for ${what}`);
    if (Date.now() > until) throw new PermanentJobError(`${what} did not finish within ${STEP_TIMEOUT_MS / 3600_000} hours`);
    await new Promise((res) => setTimeout(res, POLL_MS));
  }
}

/** Golden-set rows in the training data, by row hash (the golden set never trains a candidate). */
async function leakageCheck(a: RetrainAttempt) {
  const policy = await loadPolicy(db(), a.modelId);
  if (!policy.goldenDatasetVersionId) return { checked: false as const, missing: [], reason: 'no golden set' };
  const [golden] = await db().select().from(datasetVersions).where(eq(datasetVersions.id, policy.goldenDatasetVersionId));
  const [training] = await db().select().from(datasetVersions).where(eq(datasetVersions.id, a.datasetVersionId!));
  return goldenOverlap(await readStoredTable(golden.sha256), await readStoredTable(training.sha256));
}

/** Data from the prediction log over the window that ends when the attempt was triggered. */
async function buildData(a: RetrainAttempt, m: typeof models.$inferSelect, incRun: typeof runs.$inferSelect, minLabelledRows: number, r: JobReporter): Promise<{ ok: true; attempt: RetrainAttempt } | { ok: false; reason: string; attempt: RetrainAttempt }> {
  const cfg = a.dataLineage as { windowDays: number; appendToIncumbent: boolean; includeBatch: boolean };
  a = await update(a.id, { stage: 'building' });
  await r.progress(0.02, `building the training data from ${cfg.windowDays} days of labelled predictions`);
  // The trigger refuses an incumbent trained outside Vigil (no dataset version); a run changed since is refused here.
  if (!incRun.datasetVersionId) throw new PermanentJobError(`the production version's run ${incRun.id.slice(0, 8)} has no dataset version to append to`);
  const [incData] = await db().select().from(datasetVersions).where(eq(datasetVersions.id, incRun.datasetVersionId));
  const golden = (await loadPolicy(db(), a.modelId)).goldenDatasetVersionId;
  const goldenSha = golden ? (await db().select({ sha256: datasetVersions.sha256 }).from(datasetVersions).where(eq(datasetVersions.id, golden)))[0].sha256 : null;
  const to = a.createdAt;
  const built = await buildFromPredictions(db(), {
    modelId: m.id,
    modelName: m.name,
    from: new Date(to.getTime() - cfg.windowDays * 86_400_000),
    to,
    includeBatch: cfg.includeBatch,
    incumbentData: { datasetVersionId: incData.id, sha256: incData.sha256 },
    target: incRun.target,
    append: cfg.appendToIncumbent,
    goldenSha256: goldenSha,
    minLabelledRows,
  });
  const dataLineage = { ...cfg, ...built.lineage, text: lineageText(built.lineage) };
  if (!built.ok) return { ok: false, reason: built.reason, attempt: await update(a.id, { dataLineage, labelledRows: built.lineage.labelledRows }) };
  return { ok: true, attempt: await update(a.id, { dataLineage, labelledRows: built.lineage.labelledRows, datasetVersionId: built.datasetVersionId }) };
}

/** Marks the attempt decided; `alert` fires the retrain_refused alert in the same transaction. */
async function finish(a: RetrainAttempt, status: 'refused' | 'requested' | 'failed', reason: string, report: unknown, extra: Partial<RetrainAttempt> = {}) {
  const database = db();
  const [m] = await database.select().from(models).where(eq(models.id, a.modelId));
  const deliveries = await database.transaction(async (tx) => {
    const [row] = await tx.select().from(retrainAttempts).where(eq(retrainAttempts.id, a.id)).for('update');
    if (row.status !== 'running') return [];
    await tx.update(retrainAttempts).set({ ...extra, status, stage: 'done', reason, report, finishedAt: sql`now()` }).where(eq(retrainAttempts.id, a.id));
    await writeAudit(tx, ACTOR, { action: `retrain.${status}`, targetType: 'retrain_attempt', targetId: a.id, after: { model: m.name, status, reason } });
    if (status !== 'refused') return [];
    const [cand] = a.candidateVersionId ? await tx.select().from(modelVersions).where(eq(modelVersions.id, a.candidateVersionId)) : [];
    return fireEventAlert(tx, ACTOR, { modelId: m.id, modelName: m.name, metric: 'retrain_refused', versionId: cand?.id ?? null, version: cand?.version ?? null, message: `retrain of ${m.name}${cand ? ` (candidate v${cand.version})` : ''} ${reason}; production unchanged`, detail: { attemptId: a.id, ...(report as object) } });
  });
  await dispatchDeliveries(deliveries);
  log.info({ attemptId: a.id, model: m.name, status, reason }, 'retrain decided');
}

export async function executeRetrain(attemptId: string, r: JobReporter): Promise<void> {
  const database = db();
  let [a] = await database.select().from(retrainAttempts).where(eq(retrainAttempts.id, attemptId));
  if (!a) throw new PermanentJobError(`retrain attempt ${attemptId} not found`);
  if (a.status !== 'running') return;
  const ctx: ServiceContext = { db: database, actor: ACTOR };
  const [m] = await database.select().from(models).where(eq(models.id, a.modelId));
  const [policy] = await database.select().from(retrainPolicies).where(eq(retrainPolicies.id, a.policyId));
  const [inc] = await database.select({ v: modelVersions, run: runs }).from(modelVersions).innerJoin(runs, eq(runs.id, modelVersions.runId)).where(eq(modelVersions.id, a.incumbentVersionId));
  if (!inc) throw new PermanentJobError(`the incumbent version of ${m.name} has no training run`);

  if (!a.datasetVersionId) {
    let built;
    try {
      built = await buildData(a, m, inc.run, policy.minLabelledRows, r);
    } catch (e) {
      // e.g. the built CSV is over VIGIL_MAX_DATASET_BYTES: retrying would not help.
      if (e instanceof ServiceError) return finish(a, 'failed', `building the data from predictions failed: ${e.message}`, null);
      throw e;
    }
    if (!built.ok) return finish(built.attempt, 'refused', built.reason, { lineage: built.attempt.dataLineage });
    a = built.attempt;
  }
  if (!a.leakage) {
    const leakage = await leakageCheck(a);
    a = await update(a.id, { leakage });
    if (leakage.checked && leakage.rows > 0) {
      return finish(a, 'refused', `refused before training: ${leakage.rows} row(s) of the training data are rows of the golden set (row hash over ${leakage.columns.join(', ')}; first data rows ${leakage.firstRows.map((i) => i + 1).join(', ')}) — remove them, the golden set must stay unseen`, { leakage });
    }
  }
  if (!a.runId) {
    await r.progress(0.05, `training on dataset version ${a.datasetVersionId!.slice(0, 8)} with ${policy.trainer ?? inc.run.trainer}`);
    const run = await startRun(ctx, {
      experiment: `retrain ${m.name}`,
      datasetVersionId: a.datasetVersionId!,
      target: inc.run.target,
      task: inc.run.task,
      trainer: policy.trainer ?? inc.run.trainer,
      params: policy.params ?? (inc.run.params as Record<string, unknown>),
      seed: inc.run.seed,
      spec: inc.run.inputSpec ?? undefined,
      validation: policy.outOfTimeValidationPct ? { kind: 'out_of_time', fraction: policy.outOfTimeValidationPct / 100 } : undefined,
      name: `retrain of ${m.name} v${inc.v.version} (attempt ${a.id.slice(0, 8)})`,
    });
    a = await update(a.id, { runId: run.id, stage: 'training' });
  }
  const run = await waitUntil('the training run', async () => (await database.select().from(runs).where(eq(runs.id, a.runId!)))[0], (x) => x.status === 'succeeded' || x.status === 'failed' || x.status === 'cancelled', r);
  if (run.status !== 'succeeded') return finish(a, 'failed', `training ${run.status}${run.error ? `: ${run.error}` : ''}`, null);

  if (!a.candidateVersionId) {
    await r.progress(0.5, 'registering the candidate');
    const reg = await registerFromRun(ctx, { runId: run.id, model: m.name, tags: ['retrain'] });
    a = await update(a.id, { candidateVersionId: reg.version.id, stage: 'registering' });
  }
  const [cand] = await database.select().from(modelVersions).where(eq(modelVersions.id, a.candidateVersionId!));

  if (!a.evaluationId) {
    await r.progress(0.6, `evaluating v${cand.version} against v${inc.v.version} on the golden set`);
    try {
      const ev = await startEvaluation(ctx, { model: m.name, version: cand.version });
      a = await update(a.id, { evaluationId: ev.id, stage: 'evaluating' });
    } catch (e) {
      if (e instanceof ServiceError) return finish(a, 'failed', `cannot evaluate: ${e.message}`, null);
      throw e;
    }
  }
  const ev = await waitUntil('the evaluation', async () => (await database.select().from(evaluations).where(eq(evaluations.id, a.evaluationId!)))[0], (x) => x.status === 'succeeded' || x.status === 'failed', r);
  a = await update(a.id, { stage: 'deciding' });
  if (ev.status !== 'succeeded') return finish(a, 'failed', `evaluation failed: ${ev.error ?? 'unknown error'}`, null);

  const gates = ((ev.result as { gates?: GateResult[] } | null)?.gates ?? []);
  const validation = { candidate: validationOf(run.metrics), incumbent: validationOf(inc.run.metrics) };
  const evaluatedAgainst = (ev.result as { incumbent?: { version: number } | null }).incumbent?.version ?? null;
  if (ev.verdict !== 'pass' || evaluatedAgainst === null) {
    const refused = refusedGates(gates);
    const reason = evaluatedAgainst === null ? 'refused: there was no production version to compare with on the golden set' : refusalReason(refused);
    return finish(a, 'refused', reason, { verdict: ev.verdict, refusedGates: refused, gates, validation, leakage: a.leakage, candidateVersion: cand.version, incumbentVersion: inc.v.version });
  }
  await r.progress(0.9, 'every gate passed: requesting promotion');
  try {
    const req = await requestPromotion(
      { db: database, actor: await retrainingRequester(database) },
      { model: m.name, version: cand.version, note: `Automatic retrain (attempt ${a.id.slice(0, 8)}, ${a.trigger}) passed every gate on the golden set against v${inc.v.version}.` },
      { evaluationId: ev.id },
    );
    const report = { verdict: ev.verdict, gates, validation, leakage: a.leakage, lineage: a.dataLineage, candidateVersion: cand.version, incumbentVersion: inc.v.version };
    if (policy.autoPromote && policy.enabledBy) {
      const by = await autoPromote(req.id, policy.enabledBy);
      return finish(a, 'requested', `every gate passed on the golden set against v${inc.v.version}: rolling out through canary automatically (policy enabled by ${by}); canary analysis and automatic rollback apply — request ${req.id.slice(0, 8)}`, { ...report, autoPromoted: true }, { promotionRequestId: req.id });
    }
    return finish(a, 'requested', `every gate passed on the golden set against v${inc.v.version}: promotion request ${req.id.slice(0, 8)} awaits an approver`, report, { promotionRequestId: req.id });
  } catch (e) {
    if (e instanceof ServiceError) return finish(a, 'failed', `passed the gates but the promotion request was refused: ${e.message}`, { verdict: ev.verdict, gates, validation });
    throw e;
  }
}

/** The job gave up (last attempt failed): the attempt is failed, so the model is free to retrain. */
export async function settleRetrain(attemptId: string, error: string) {
  const [a] = await db().select().from(retrainAttempts).where(and(eq(retrainAttempts.id, attemptId), eq(retrainAttempts.status, 'running')));
  if (a) await finish(a, 'failed', `pipeline failed: ${error}`, null);
}
