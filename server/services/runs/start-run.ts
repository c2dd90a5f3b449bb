import { eq } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { z } from 'zod';
import { datasets, datasetVersions, runs } from '@/server/db/schema';
import { binaryLabelProblem, profileOf, summaryFromProfile } from '@/server/ml/data/column-roles';
import { specForFields } from '@/server/ml/features/derive';
import { parseFeatureSpec, SpecError } from '@/server/ml/features/spec';
import { findCommandTrainer, TrainerManifestError } from '@/server/ml/command-trainers/manifest';
import { getTrainer, UnknownTrainerError } from '@/server/ml/trainers';
import { getTaskTrainer } from '@/server/ml/trainers/task-registry';
import { taskTargetProblem } from '@/server/ml/data/task-target-problem';
import { RUN_TASKS, type RunTask } from '@/server/db/schema/experiments';
import { parseTrainerParams, ParamsError } from '@/server/ml/training/params';
import { dispatch, enqueue } from '@/server/queue/enqueue';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type Actor, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { findOrCreateExperiment } from '../experiments/create-experiment';
import { experimentNameSchema } from '../experiments/create-experiment';
import { inTransaction } from '../transaction';

export const startRunInput = z.object({
  experiment: experimentNameSchema,
  datasetVersionId: z.string().uuid(),
  target: z.string().min(1, 'is required'),
  /** binary: a 0/1 target; multiclass: class names (2–100); regression: a number on every row. */
  task: z.enum(RUN_TASKS, { error: `must be one of ${RUN_TASKS.join(', ')}` }).default('binary'),
  trainer: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  /** A feature spec (JSON); derived from the dataset schema when omitted. */
  spec: z.unknown().optional(),
  /** The run form's column picker: exactly these columns as inputs (a spec is built from the schema). */
  columns: z.array(z.string().min(1).max(500)).min(1, 'pick at least one input column').max(2000).optional(),
  name: z.string().trim().max(120).optional(),
  reproducedFromRunId: z.string().uuid().optional(),
  /** Out-of-time validation: the last `fraction` of rows in file order validate (retraining from predictions). */
  validation: z.object({ kind: z.literal('out_of_time'), fraction: z.number().gt(0).lt(1) }).optional(),
});

/**
 * The trainer's validated params and whether it needs a GPU; a 400 naming `trainer` or `paramsField`.
 * Multiclass and regression runs take the built-in trainers of their task (the same lookup and
 * messages as `vigil train --task`); command trainers train binary models.
 */
export function checkTrainerParams(trainer: string, raw: unknown, paramsField = 'params', task: RunTask = 'binary'): { params: Record<string, unknown>; needsGpu: boolean } {
  try {
    if (task !== 'binary') {
      if (findCommandTrainer(trainer)) throw badRequest(`'${trainer}' is a command trainer; command trainers train binary models (task ${task} takes ${taskTrainerNames(task)})`, 'trainer');
      return { params: parseTrainerParams(getTaskTrainer(task, trainer), raw), needsGpu: false };
    }
    const command = findCommandTrainer(trainer);
    return { params: parseTrainerParams(command ?? getTrainer(trainer), raw), needsGpu: command?.manifest.needs === 'gpu' };
  } catch (e) {
    if (e instanceof UnknownTrainerError || e instanceof TrainerManifestError) throw badRequest(e.message, 'trainer');
    if (e instanceof ParamsError) throw badRequest(e.message, paramsField);
    throw e;
  }
}

const taskTrainerNames = (task: 'multiclass' | 'regression') => (task === 'multiclass' ? 'logreg (softmax) or gbdt' : 'ridge or gbdt');

/**
 * The dataset version a run trains on, refused (400 naming `target`) when the target cannot be the
 * task's target: a 0/1 label (binary), 2–100 classes (multiclass), a number on every row (regression).
 */
export async function trainableVersion(tx: Tx, datasetVersionId: string, target: string, task: RunTask = 'binary') {
  const [dv] = await tx
    .select({ v: datasetVersions, name: datasets.name })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(datasetVersions.id, datasetVersionId));
  if (!dv) throw notFound('dataset version');
  const col = dv.v.schema.find((c) => c.name === target);
  if (!col) throw badRequest(`the dataset has no column '${target}' (columns: ${dv.v.schema.map((c) => c.name).join(', ')})`, 'target');
  if (task !== 'binary') {
    if (task === 'regression' && col.type !== 'numeric') throw badRequest(`target column '${target}' must hold a number on every row for regression; it is categorical`, 'target');
    const p = profileOf(dv.v.profile, target);
    const problem = p ? taskTargetProblem(task, summaryFromProfile(p), dv.v.rowCount) : null;
    if (problem) throw badRequest(`target column ${problem}`, 'target');
    return dv;
  }
  if (col.type !== 'numeric') throw badRequest(`target column '${target}' must hold 0/1 labels; it is categorical`, 'target');
  // With the profile at hand a non-binary target is refused now, not after queueing and loading.
  const targetProfile = profileOf(dv.v.profile, target);
  const labelProblem = targetProfile ? binaryLabelProblem(summaryFromProfile(targetProfile)) : null;
  if (labelProblem) throw badRequest(`target column ${labelProblem}`, 'target');
  return dv;
}

/**
 * Inserts a queued run and enqueues its train job in the caller's transaction (the outbox: the
 * job is dispatched after commit). A trainer that needs a GPU waits in the GPU queue, which only
 * workers with the gpu capability consume. Sweeps create their runs through here too.
 */
export async function queueRun(
  tx: Tx,
  actor: Actor,
  run: Omit<typeof runs.$inferInsert, 'id' | 'status' | 'jobId' | 'createdBy'>,
  needsGpu: boolean,
  auditAfter: Record<string, unknown>,
) {
  const [created] = await tx
    .insert(runs)
    .values({ ...run, createdBy: actor.kind === 'user' ? actor.id : null })
    .returning();
  const job = await enqueue(tx, actor, needsGpu ? 'trainGpu' : 'train', { v: 1, runId: created.id }, { title: `train ${created.name}`, targetType: 'run', targetId: created.id });
  const [withJob] = await tx.update(runs).set({ jobId: job.id }).where(eq(runs.id, created.id)).returning();
  await writeAudit(tx, actor, { action: 'run.start', targetType: 'run', targetId: created.id, after: auditAfter });
  return { run: withJob, jobId: job.id };
}

/** Validates everything that can be checked without training, then queues the run. */
export async function startRun(ctx: ServiceContext, input: z.input<typeof startRunInput>) {
  const actor = requirePermission(ctx, 'training.run');
  const data = startRunInput.parse(input);
  const { params, needsGpu } = checkTrainerParams(data.trainer, data.params, 'params', data.task);
  if (data.validation && data.task !== 'binary') throw badRequest(`out-of-time validation is for binary runs; a ${data.task} run validates on a ${data.task === 'multiclass' ? 'class-stratified' : 'random'} split`, 'validation');
  if (data.validation && findCommandTrainer(data.trainer)) throw badRequest(`out-of-time validation is done by the built-in trainers; '${data.trainer}' is a command trainer`, 'validation');
  if (data.columns && data.spec !== undefined && data.spec !== null) throw badRequest('give a feature spec or a column choice, not both', 'columns');
  if (data.spec !== undefined && data.spec !== null) {
    try {
      parseFeatureSpec(data.spec);
    } catch (e) {
      if (e instanceof SpecError) throw badRequest(e.message, 'spec');
      throw e;
    }
  }
  const result = await inTransaction(ctx, async (tx) => {
    const dv = await trainableVersion(tx, data.datasetVersionId, data.target, data.task);
    let inputSpec: unknown = data.spec ?? null;
    if (data.columns) {
      const unknown = data.columns.filter((c) => !dv.v.schema.some((f) => f.name === c));
      if (unknown.length) throw badRequest(`the dataset has no column ${unknown.map((c) => `'${c}'`).join(', ')}`, 'columns');
      if (data.columns.includes(data.target)) throw badRequest(`the target column '${data.target}' cannot be a model input`, 'columns');
      const chosen = new Set(data.columns);
      inputSpec = specForFields(dv.v.schema.filter((f) => chosen.has(f.name)));
    }
    const exp = await findOrCreateExperiment(tx, actor, data.experiment);
    return queueRun(
      tx,
      actor,
      {
        experimentId: exp.id,
        name: data.name || `${data.task === 'binary' ? '' : `${data.task} `}${data.trainer} on ${dv.name}@${dv.v.sha256.slice(0, 8)} seed ${data.seed}`,
        datasetVersionId: dv.v.id,
        target: data.target,
        task: data.task,
        trainer: data.trainer,
        params,
        seed: data.seed,
        inputSpec,
        reproducedFromRunId: data.reproducedFromRunId,
        validationSplit: data.validation ?? null,
      },
      needsGpu,
      { experiment: exp.name, task: data.task, trainer: data.trainer, params, seed: data.seed, datasetVersionId: dv.v.id, target: data.target, reproducedFromRunId: data.reproducedFromRunId ?? null, ...(data.columns ? { columns: data.columns } : {}), ...(data.validation ? { validation: data.validation } : {}) },
    );
  });
  await dispatch(ctx.db, [result.jobId]);
  return result.run;
}
