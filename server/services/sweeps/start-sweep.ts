// Starting a sweep: every point of the space is validated with the trainer's own params schema
// before anything is written, then the sweep and its N runs are created in ONE transaction
// through the same path as runs.start (queueRun: the outbox enqueue, GPU routing), so the
// ordinary workers spread them like any other train jobs.
import { z } from 'zod';
import { sweeps } from '@/server/db/schema';
import { findCommandTrainer } from '@/server/ml/command-trainers/manifest';
import { SWEEP_METRIC_NAMES, TASK_SWEEP_METRICS } from '@/server/ml/sweeps/best-run';
import { getTaskTrainer } from '@/server/ml/trainers/task-registry';
import { RUN_TASKS, type RunTask } from '@/server/db/schema/experiments';
import { gridPoints, MAX_SWEEP_RUNS, parseSpace, randomPoints, SpaceError, type SweepPoint } from '@/server/ml/sweeps/space';
import { getTrainer } from '@/server/ml/trainers';
import { dispatch } from '@/server/queue/enqueue';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest } from '../errors';
import { experimentNameSchema, findOrCreateExperiment } from '../experiments/create-experiment';
import { checkTrainerParams, queueRun, trainableVersion } from '../runs/start-run';
import { inTransaction } from '../transaction';

const DEFAULT_RANDOM_RUNS = 10;

export const startSweepInput = z.object({
  experiment: experimentNameSchema,
  datasetVersionId: z.string().uuid(),
  target: z.string().min(1, 'is required'),
  task: z.enum(RUN_TASKS, { error: `must be one of ${RUN_TASKS.join(', ')}` }).default('binary'),
  trainer: z.string().min(1),
  /** Per param: a list of values, or (random) a range {min, max, log?, int?}. */
  space: z.unknown(),
  strategy: z.enum(['grid', 'random']).default('grid'),
  /** Random: how many points (default 10). Grid: the most points allowed (default and at most 100). */
  runs: z.number().int().min(1).max(MAX_SWEEP_RUNS).optional(),
  /** Seeds the random draw and every run (one seed: every run holds out the same validation rows). */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  /** Default: the task's first metric (binary auc, multiclass log_loss, regression rmse). */
  metric: z.enum(SWEEP_METRIC_NAMES).optional(),
  /** Params every run shares (a point's values override them). */
  params: z.record(z.string(), z.unknown()).default({}),
});

/** Params the trainer takes as whole numbers, so a range over them draws integers. */
function integerParams(trainer: string, task: RunTask): Set<string> {
  const schema = task === 'binary' ? (findCommandTrainer(trainer) ?? getTrainer(trainer)).paramsSchema : getTaskTrainer(task, trainer).paramsSchema;
  const js = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as { properties?: Record<string, { type?: string }> };
  return new Set(Object.entries(js.properties ?? {}).filter(([, p]) => p.type === 'integer').map(([k]) => k));
}

const describePoint = (p: SweepPoint) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');

export async function startSweep(ctx: ServiceContext, input: z.input<typeof startSweepInput>) {
  const actor = requirePermission(ctx, 'training.run');
  const data = startSweepInput.parse(input);
  // An unknown trainer, or shared params it refuses, before looking at the space.
  const { needsGpu } = checkTrainerParams(data.trainer, data.params, 'params', data.task);
  const taskMetrics: readonly string[] = TASK_SWEEP_METRICS[data.task];
  const metric = data.metric ?? TASK_SWEEP_METRICS[data.task][0];
  if (!taskMetrics.includes(metric)) throw badRequest(`'${metric}' is not a ${data.task} metric; pick one of ${taskMetrics.join(', ')}`, 'metric');
  let points: SweepPoint[];
  try {
    const space = parseSpace(data.space, data.strategy, integerParams(data.trainer, data.task));
    points = data.strategy === 'grid' ? gridPoints(space, data.runs ?? MAX_SWEEP_RUNS) : randomPoints(space, data.runs ?? DEFAULT_RANDOM_RUNS, data.seed);
  } catch (e) {
    if (e instanceof SpaceError) throw badRequest(`space: ${e.message}`, 'space');
    throw e;
  }
  const runParams = points.map((p, i) => {
    try {
      return checkTrainerParams(data.trainer, { ...data.params, ...p }, 'space', data.task).params;
    } catch (e) {
      throw badRequest(`space: point ${i + 1} (${describePoint(p)}): ${(e as Error).message}`, 'space');
    }
  });

  const result = await inTransaction(ctx, async (tx) => {
    const dv = await trainableVersion(tx, data.datasetVersionId, data.target, data.task);
    const exp = await findOrCreateExperiment(tx, actor, data.experiment);
    const [sweep] = await tx
      .insert(sweeps)
      .values({
        experimentId: exp.id,
        datasetVersionId: dv.v.id,
        target: data.target,
        task: data.task,
        trainer: data.trainer,
        space: data.space as Record<string, unknown>,
        strategy: data.strategy,
        seed: data.seed,
        maxRuns: points.length,
        metric,
        createdBy: actor.kind === 'user' ? actor.id : null,
      })
      .returning();
    const jobIds: string[] = [];
    for (const [i, params] of runParams.entries()) {
      const { jobId } = await queueRun(
        tx,
        actor,
        {
          experimentId: exp.id,
          name: `${data.trainer} sweep ${i + 1}/${points.length}: ${describePoint(points[i])}`.slice(0, 200),
          datasetVersionId: dv.v.id,
          target: data.target,
          task: data.task,
          trainer: data.trainer,
          params,
          seed: data.seed,
          inputSpec: null,
          sweepId: sweep.id,
          sweepIndex: i,
        },
        needsGpu,
        { experiment: exp.name, task: data.task, trainer: data.trainer, params, seed: data.seed, datasetVersionId: dv.v.id, target: data.target, sweepId: sweep.id },
      );
      jobIds.push(jobId);
    }
    await writeAudit(tx, actor, {
      action: 'sweep.start',
      targetType: 'sweep',
      targetId: sweep.id,
      after: { experiment: exp.name, task: data.task, trainer: data.trainer, strategy: data.strategy, runs: points.length, metric, seed: data.seed, space: data.space },
    });
    return { sweep, jobIds };
  });
  await dispatch(ctx.db, result.jobIds);
  return result.sweep;
}
