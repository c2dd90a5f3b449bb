import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { datasets, datasetVersions, runs } from '@/server/db/schema';
import { binaryLabelProblem, profileOf, summaryFromProfile } from '@/server/ml/data/column-roles';
import { specForFields } from '@/server/ml/features/derive';
import { parseFeatureSpec, SpecError } from '@/server/ml/features/spec';
import { findCommandTrainer, TrainerManifestError } from '@/server/ml/command-trainers/manifest';
import { getTrainer, UnknownTrainerError } from '@/server/ml/trainers';
import { parseTrainerParams, ParamsError } from '@/server/ml/training/params';
import { dispatch, enqueue } from '@/server/queue/enqueue';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { findOrCreateExperiment } from '../experiments/create-experiment';
import { experimentNameSchema } from '../experiments/create-experiment';
import { inTransaction } from '../transaction';

export const startRunInput = z.object({
  experiment: experimentNameSchema,
  datasetVersionId: z.string().uuid(),
  target: z.string().min(1, 'is required'),
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

/** Validates everything that can be checked without training, then queues the run. */
export async function startRun(ctx: ServiceContext, input: z.input<typeof startRunInput>) {
  const actor = requirePermission(ctx, 'training.run');
  const data = startRunInput.parse(input);
  let params: Record<string, unknown>;
  let needsGpu = false;
  try {
    const command = findCommandTrainer(data.trainer);
    if (command && data.validation) throw badRequest(`out-of-time validation is done by the built-in trainers; '${data.trainer}' is a command trainer`, 'validation');
    needsGpu = command?.manifest.needs === 'gpu';
    params = parseTrainerParams(command ?? getTrainer(data.trainer), data.params);
  } catch (e) {
    if (e instanceof UnknownTrainerError || e instanceof TrainerManifestError) throw badRequest(e.message, 'trainer');
    if (e instanceof ParamsError) throw badRequest(e.message, 'params');
    throw e;
  }
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
    const [dv] = await tx
      .select({ v: datasetVersions, name: datasets.name })
      .from(datasetVersions)
      .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .where(eq(datasetVersions.id, data.datasetVersionId));
    if (!dv) throw notFound('dataset version');
    const col = dv.v.schema.find((c) => c.name === data.target);
    if (!col) throw badRequest(`the dataset has no column '${data.target}' (columns: ${dv.v.schema.map((c) => c.name).join(', ')})`, 'target');
    if (col.type !== 'numeric') throw badRequest(`target column '${data.target}' must hold 0/1 labels; it is categorical`, 'target');
    // With the profile at hand a non-binary target is refused now, not after queueing and loading.
    const targetProfile = profileOf(dv.v.profile, data.target);
    const labelProblem = targetProfile ? binaryLabelProblem(summaryFromProfile(targetProfile)) : null;
    if (labelProblem) throw badRequest(`target column ${labelProblem}`, 'target');
    let inputSpec: unknown = data.spec ?? null;
    if (data.columns) {
      const unknown = data.columns.filter((c) => !dv.v.schema.some((f) => f.name === c));
      if (unknown.length) throw badRequest(`the dataset has no column ${unknown.map((c) => `'${c}'`).join(', ')}`, 'columns');
      if (data.columns.includes(data.target)) throw badRequest(`the target column '${data.target}' cannot be a model input`, 'columns');
      const chosen = new Set(data.columns);
      inputSpec = specForFields(dv.v.schema.filter((f) => chosen.has(f.name)));
    }
    const exp = await findOrCreateExperiment(tx, actor, data.experiment);
    const [run] = await tx
      .insert(runs)
      .values({
        experimentId: exp.id,
        name: data.name || `${data.trainer} on ${dv.name}@${dv.v.sha256.slice(0, 8)} seed ${data.seed}`,
        datasetVersionId: dv.v.id,
        target: data.target,
        trainer: data.trainer,
        params,
        seed: data.seed,
        inputSpec,
        reproducedFromRunId: data.reproducedFromRunId,
        validationSplit: data.validation ?? null,
        createdBy: actor.kind === 'user' ? actor.id : null,
      })
      .returning();
    // A trainer that needs a GPU waits in the GPU queue, which only workers with the gpu capability consume.
    const job = await enqueue(tx, actor, needsGpu ? 'trainGpu' : 'train', { v: 1, runId: run.id }, { title: `train ${run.name}`, targetType: 'run', targetId: run.id });
    const [withJob] = await tx.update(runs).set({ jobId: job.id }).where(eq(runs.id, run.id)).returning();
    await writeAudit(tx, actor, {
      action: 'run.start',
      targetType: 'run',
      targetId: run.id,
      after: { experiment: exp.name, trainer: run.trainer, params, seed: run.seed, datasetVersionId: dv.v.id, target: run.target, reproducedFromRunId: run.reproducedFromRunId, ...(data.columns ? { columns: data.columns } : {}) },
    });
    return { run: withJob, jobId: job.id };
  });
  await dispatch(ctx.db, [result.jobId]);
  return result.run;
}
