// Runs trained outside Vigil (a notebook, a GPU box, a CI job) and recorded over the REST API:
// the script starts a run (status running), logs params and step metrics while it trains, and
// finishes it with its ONNX model. The model goes through the same checks as an upload, so the
// succeeded run registers like a built-in one (models.registerFromRun), with lineage to the
// dataset version it named and a drift reference computed from that version.
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { datasets, datasetVersions, featureSpecs, runs, runSteps } from '@/server/db/schema';
import { specSha256 } from '@/server/ml/features/hash';
import { parseFeatureSpec } from '@/server/ml/features/spec';
import { describeModel } from '@/server/ml/onnx/describe';
import { METADATA_FEATURE_SPEC } from '@/server/ml/onnx/export-model';
import { can } from '@/server/auth/permissions';
import { env } from '@/server/env';
import { artifactStore } from '@/server/storage';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type Actor, type ServiceContext } from '../context';
import { badRequest, conflict, forbidden, notFound } from '../errors';
import { findOrCreateExperiment } from '../experiments/create-experiment';
import { readLimited, servableOrRefuse } from '../models/register-version';
import { validateOnnx } from '../models/validate-onnx';
import { inTransaction } from '../transaction';
import { createExternalRunInput, EXTERNAL_RUN_LIMITS, failExternalRunInput, logMetricsInput, logParamsInput, paramsSchema, pointsByStep } from './external-run-input';

/** The phase external step metrics are stored under in run_steps (built-in runs use holdout/final). */
export const EXTERNAL_PHASE = 'external';

const runIdSchema = z.string().uuid('must be a run id');
const parseRunId = (runId: unknown) => z.object({ runId: runIdSchema }).parse({ runId }).runId;

export async function createExternalRun(ctx: ServiceContext, input: unknown) {
  const actor = requirePermission(ctx, 'training.run');
  const data = createExternalRunInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    let dvLabel: string | null = null;
    if (data.datasetVersionId) {
      const [dv] = await tx
        .select({ v: datasetVersions, name: datasets.name })
        .from(datasetVersions)
        .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
        .where(eq(datasetVersions.id, data.datasetVersionId));
      if (!dv) throw badRequest(`dataset version ${data.datasetVersionId} not found`, 'datasetVersionId');
      if (data.target && !dv.v.schema.some((c) => c.name === data.target)) {
        throw badRequest(`the dataset has no column '${data.target}' (columns: ${dv.v.schema.map((c) => c.name).join(', ')})`, 'target');
      }
      dvLabel = `${dv.name}@${dv.v.sha256.slice(0, 8)}`;
    }
    const exp = await findOrCreateExperiment(tx, actor, data.experiment);
    const [run] = await tx
      .insert(runs)
      .values({
        experimentId: exp.id,
        name: data.name || `${data.trainer}${dvLabel ? ` on ${dvLabel}` : ''} (external)`,
        status: 'running',
        source: 'external',
        lastActivityAt: sql`now()`,
        datasetVersionId: data.datasetVersionId ?? null,
        target: data.target ?? '',
        trainer: data.trainer,
        params: data.params,
        seed: 0,
        codeVersion: data.codeVersion ?? null,
        createdBy: actor.kind === 'user' ? actor.id : null,
        startedAt: sql`now()`,
      })
      .returning();
    await writeAudit(tx, actor, {
      action: 'run.start',
      targetType: 'run',
      targetId: run.id,
      after: { experiment: exp.name, source: 'external', trainer: run.trainer, params: run.params, datasetVersionId: run.datasetVersionId, target: run.target, codeVersion: run.codeVersion },
    });
    return run;
  });
}

/**
 * The run, locked for this transaction, if `actor` may still write to it: an external run, still
 * running, started by the same user (an admin may write to anyone's).
 */
async function lockWritable(tx: Tx, actor: Actor, runId: string) {
  const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for('update');
  const ok = assertWritable(actor, run);
  // Every write is a sign of life (maintenance fails runs silent past VIGIL_EXTERNAL_RUN_TIMEOUT_HOURS).
  await tx.update(runs).set({ lastActivityAt: sql`now()` }).where(eq(runs.id, runId));
  return ok;
}

function assertWritable(actor: Actor, run: typeof runs.$inferSelect | undefined) {
  if (!run) throw notFound('run');
  if (run.source !== 'external') throw conflict('this run is trained by Vigil; only runs started through the run-tracking API take logged params, metrics and models', 'runId');
  if (actor.kind === 'user' && run.createdBy !== actor.id && !can(actor.role, 'user.manage')) throw forbidden('this run was started by another user; only they (or an admin) may write to it');
  if (run.status !== 'running') throw conflict(`the run is ${run.status}; a finished run takes no more writes`, 'runId');
  return run;
}

/** Merges params into the run's (a later value of a name replaces the earlier one). */
export async function logExternalParams(ctx: ServiceContext, input: { runId: string; params: unknown }) {
  const actor = requirePermission(ctx, 'training.run');
  const runId = parseRunId(input.runId);
  const { params } = logParamsInput.parse({ params: input.params });
  return inTransaction(ctx, async (tx) => {
    const run = await lockWritable(tx, actor, runId);
    const merged = { ...run.params, ...params };
    const checked = paramsSchema.safeParse(merged);
    if (!checked.success) throw badRequest(`with these, the run's params would be too large: ${checked.error.issues[0].message}`, 'params');
    const [after] = await tx.update(runs).set({ params: merged }).where(eq(runs.id, runId)).returning();
    return { id: after.id, params: after.params };
  });
}

/** Records step metrics (name, step, value); a value logged again at the same step replaces the old one. */
export async function logExternalMetrics(ctx: ServiceContext, input: { runId: string; metrics: unknown; progress?: unknown }) {
  const actor = requirePermission(ctx, 'training.run');
  const runId = parseRunId(input.runId);
  const data = logMetricsInput.parse({ metrics: input.metrics, progress: input.progress });
  const byStep = pointsByStep(data.metrics);
  return inTransaction(ctx, async (tx) => {
    await lockWritable(tx, actor, runId);
    const mine = and(eq(runSteps.runId, runId), eq(runSteps.phase, EXTERNAL_PHASE));
    const steps = [...byStep.keys()];
    const [{ n }] = await tx.select({ n: count() }).from(runSteps).where(mine);
    const present = await tx.select({ step: runSteps.step }).from(runSteps).where(and(mine, inArray(runSteps.step, steps)));
    const added = steps.length - present.length;
    if (n + added > EXTERNAL_RUN_LIMITS.steps) throw badRequest(`the run would have ${n + added} steps; a run may have at most ${EXTERNAL_RUN_LIMITS.steps}`, 'metrics');
    const known = await tx.execute<{ k: string }>(sql`select distinct jsonb_object_keys(${runSteps.metrics}) as k from ${runSteps} where ${mine}`);
    const names = new Set(known.rows.map((r) => r.k));
    for (const p of data.metrics) names.add(p.name);
    if (names.size > EXTERNAL_RUN_LIMITS.metricNames) throw badRequest(`the run would have ${names.size} metric names; a run may have at most ${EXTERNAL_RUN_LIMITS.metricNames}`, 'metrics');
    await tx
      .insert(runSteps)
      .values(steps.map((step) => ({ runId, phase: EXTERNAL_PHASE, step, metrics: byStep.get(step)! })))
      .onConflictDoUpdate({ target: [runSteps.runId, runSteps.phase, runSteps.step], set: { metrics: sql`${runSteps.metrics} || excluded.metrics` } });
    if (data.progress !== undefined) await tx.update(runs).set({ progress: data.progress }).where(eq(runs.id, runId));
    return { id: runId, points: data.metrics.length, steps: n + added };
  });
}

/** The last logged value of each metric: the run's reported final metrics. */
async function lastValues(tx: Tx, runId: string): Promise<Record<string, number>> {
  const res = await tx.execute<{ k: string; v: number }>(sql`
    select distinct on (e.key) e.key as k, (e.value)::float8 as v
    from ${runSteps}, jsonb_each(${runSteps.metrics}) e
    where ${runSteps.runId} = ${runId} and ${runSteps.phase} = ${EXTERNAL_PHASE}
    order by e.key, ${runSteps.step} desc`);
  return Object.fromEntries(res.rows.map((r) => [r.k, Number(r.v)]));
}

export const finishExternalRunInput = z.object({
  runId: runIdSchema,
  /** The request's Content-Length, when it sent one: refused before reading when over the limit. */
  declaredBytes: z.number().int().nonnegative().optional(),
});

/**
 * Finishes a run as succeeded with its ONNX model. The bytes pass the upload checks (size, static
 * safety, a load in a child process, serving's own loader) before anything is stored, so the run
 * can then be registered like a built-in one.
 */
export async function finishExternalRun(ctx: ServiceContext, input: z.input<typeof finishExternalRunInput>, body: Uint8Array | AsyncIterable<Uint8Array>) {
  const actor = requirePermission(ctx, 'training.run');
  const data = finishExternalRunInput.parse(input);
  // Checked before reading the body, and again under the lock below.
  const [before] = await ctx.db.select().from(runs).where(eq(runs.id, data.runId));
  assertWritable(actor, before);
  const max = env().VIGIL_MAX_MODEL_BYTES;
  if (data.declaredBytes !== undefined && data.declaredBytes > max) throw badRequest(`the model is ${data.declaredBytes} bytes, over the limit of ${max} bytes (VIGIL_MAX_MODEL_BYTES)`, 'file');
  const bytes = body instanceof Uint8Array ? body : await readLimited(body, max);
  await validateOnnx(bytes, max);
  // The run's task is what the artifact predicts (a script may train any of the three).
  const { task } = (await servableOrRefuse(bytes)).output;
  const spec = embeddedSpec(bytes);
  const stored = await artifactStore().putBytes(bytes);
  return inTransaction(ctx, async (tx) => {
    const run = await lockWritable(tx, actor, data.runId);
    let featureSpecId: string | null = null;
    if (spec) {
      const sha = specSha256(spec);
      await tx.insert(featureSpecs).values({ sha256: sha, spec, fittedOnDatasetVersionId: run.datasetVersionId }).onConflictDoNothing();
      featureSpecId = (await tx.select({ id: featureSpecs.id }).from(featureSpecs).where(eq(featureSpecs.sha256, sha)))[0].id;
    }
    const reported = await lastValues(tx, data.runId);
    const [after] = await tx
      .update(runs)
      .set({ status: 'succeeded', progress: 1, task, metrics: { reported }, featureSpecId, artifactSha256: stored.sha256, artifactSize: stored.size, finishedAt: sql`now()` })
      .where(eq(runs.id, data.runId))
      .returning();
    await writeAudit(tx, actor, { action: 'run.succeed', targetType: 'run', targetId: data.runId, after: { source: 'external', artifactSha256: stored.sha256, reported } });
    return after;
  });
}

/**
 * The feature spec a model exported by Vigil's own trainers carries in its metadata (e.g. from
 * `vigil train`), for the run's lineage; null for any other model, or a spec Vigil cannot read.
 */
function embeddedSpec(bytes: Uint8Array): unknown {
  const text = describeModel(bytes).metadata[METADATA_FEATURE_SPEC];
  if (!text) return null;
  try {
    const spec: unknown = JSON.parse(text);
    parseFeatureSpec(spec);
    return spec;
  } catch {
    return null;
  }
}

/** Finishes a run as failed, with the script's reason. */
export async function failExternalRun(ctx: ServiceContext, input: { runId: string; body: unknown }) {
  const actor = requirePermission(ctx, 'training.run');
  const runId = parseRunId(input.runId);
  const { error } = failExternalRunInput.parse(input.body);
  return inTransaction(ctx, async (tx) => {
    await lockWritable(tx, actor, runId);
    const reported = await lastValues(tx, runId);
    const [after] = await tx.update(runs).set({ status: 'failed', error, metrics: { reported }, finishedAt: sql`now()` }).where(eq(runs.id, runId)).returning();
    await writeAudit(tx, actor, { action: 'run.fail', targetType: 'run', targetId: runId, after: { status: 'failed', source: 'external' }, reason: error });
    return after;
  });
}
