// The training worker's action for one run. Idempotent across retries: a run that already
// succeeded is left alone; a retry after a crash starts training afresh (training is
// deterministic, so the result is the same) and the run's outputs are written in one
// transaction at the end, so a killed worker never leaves a half-finished run.
import { eq, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { datasetVersions, experiments, featureSpecs, runs, runSteps } from '@/server/db/schema';
import { deriveSpecReport } from '@/server/ml/features/derive';
import { specSha256 } from '@/server/ml/features/hash';
import { CommandTrainingCancelled, trainWithCommand } from '@/server/ml/command-trainers/train-command';
import { findCommandTrainer } from '@/server/ml/command-trainers/manifest';
import { TrainingCancelled } from '@/server/ml/trainers/types';
import { trainModel, type TrainModelProgress } from '@/server/ml/training/train-model';
import { trainTaskModel } from '@/server/ml/training/train-task-model';
import { isTransient } from '@/server/queue/failures';
import { JobCancelled, PermanentJobError, type JobReporter } from '@/server/queue/tracked-job';
import { artifactStore } from '@/server/storage';
import { readStoredTable } from '@/server/storage/read-table';
import { writeAudit } from '../audit/write-audit';
import { systemActor } from '../context';
import { declaredSensitiveAttributes } from './column-choices';

const worker = systemActor('worker');

/** Where a run executes: on a GPU worker, the device index its program may use. */
export interface RunPlacement {
  gpu?: string;
}

export async function executeRun(runId: string, r: JobReporter, placement: RunPlacement = {}): Promise<void> {
  const database = db();
  const [run] = await database.select().from(runs).where(eq(runs.id, runId));
  if (!run) throw new PermanentJobError(`run ${runId} not found`);
  if (run.status === 'succeeded') return;
  // Only external runs (never queued) may lack a dataset version.
  if (!run.datasetVersionId) throw new PermanentJobError(`run ${runId} has no dataset version to train on`);
  const [dv] = await database.select().from(datasetVersions).where(eq(datasetVersions.id, run.datasetVersionId));
  await database.transaction(async (tx) => {
    await tx.delete(runSteps).where(eq(runSteps.runId, runId));
    await tx.update(runs).set({ status: 'running', startedAt: sql`now()`, error: null, progress: 0 }).where(eq(runs.id, runId));
  });

  await r.log(`loading dataset version ${dv.sha256.slice(0, 12)} (${dv.rowCount} rows)`);
  const table = await readStoredTable(dv.sha256);
  await r.log(`training ${run.task === 'binary' ? '' : `${run.task} `}${run.trainer} with ${JSON.stringify(run.params)} seed ${run.seed}`);
  if (placement.gpu !== undefined) await r.log(`on GPU device ${placement.gpu} (CUDA_VISIBLE_DEVICES=${placement.gpu})`);

  let command;
  try {
    command = findCommandTrainer(run.trainer);
  } catch (e) {
    // A broken trainer.json will not mend itself on retry.
    throw new PermanentJobError(e instanceof Error ? e.message : String(e));
  }
  // Built-in: holdout fit first, then the final fit, each half the progress bar. A command
  // trainer's program reports its own steps; its 'final' phase is the whole bar.
  let lastWrite = 0;
  const onProgress = async (p: TrainModelProgress) => {
    await database.insert(runSteps).values({ runId, phase: p.phase, step: p.iteration, metrics: p.metrics }).onConflictDoNothing();
    const fraction = command ? p.iteration / p.total : (p.phase === 'holdout' ? 0 : 0.5) + 0.5 * (p.iteration / p.total);
    // Progress rows are cheap, but a 500-iteration run need not write 500 job updates.
    if (Date.now() - lastWrite > 250 || p.iteration === p.total) {
      lastWrite = Date.now();
      await database.update(runs).set({ progress: fraction }).where(eq(runs.id, runId));
      await r.progress(fraction);
    }
  };

  let result;
  try {
    // Without a given spec, derive one here so the job log says which columns were left out and why.
    let spec = run.inputSpec ?? undefined;
    if (spec === undefined) {
      const [exp] = await database.select({ name: experiments.name }).from(experiments).where(eq(experiments.id, run.experimentId));
      const derived = deriveSpecReport(table, run.target, { exclude: [...(await declaredSensitiveAttributes(database, exp?.name))] });
      spec = derived.spec;
      await r.log(`derived feature spec: inputs ${derived.spec.inputs.map((i) => i.name).join(', ')}`);
      if (derived.skipped.length) await r.log(`left out: ${derived.skipped.map((s) => `${s.column} (${s.reason})`).join('; ')}`);
    }
    // Multiclass and regression: the same training as `vigil train --task` (command trainers are
    // refused for them when the run is started).
    result = run.task !== 'binary'
      ? await trainTaskModel({
          task: run.task,
          table,
          target: run.target,
          trainer: run.trainer,
          params: run.params,
          seed: run.seed,
          spec,
          dataSha256: dv.sha256,
          onProgress,
          shouldStop: () => r.isCancelled(),
          threads: env().VIGIL_TRAIN_THREADS,
        })
      : command
      ? await trainWithCommand({
          trainer: command,
          table,
          target: run.target,
          params: run.params,
          seed: run.seed,
          spec,
          dataSha256: dv.sha256,
          // The program sees only its own GPU (and numbers it 0).
          env: placement.gpu !== undefined ? { CUDA_VISIBLE_DEVICES: placement.gpu } : undefined,
          onProgress,
          onLog: (line, level) => r.log(line, level),
          // The program may print nothing for minutes, so the cancel flag is read here, not only on progress.
          shouldStop: () => r.checkCancelled(),
        })
      : await trainModel({
          table,
          target: run.target,
          trainer: run.trainer,
          params: run.params,
          seed: run.seed,
          spec,
          dataSha256: dv.sha256,
          onProgress,
          shouldStop: () => r.isCancelled(),
          threads: env().VIGIL_TRAIN_THREADS,
          validationSplit: run.validationSplit,
        });
  } catch (e) {
    if (e instanceof TrainingCancelled || e instanceof CommandTrainingCancelled) throw new JobCancelled();
    // A database or Redis blip while recording progress is retried; bad data or a failed parity
    // check will not get better on retry.
    if (isTransient(e)) throw e;
    throw new PermanentJobError(e instanceof Error ? e.message : String(e));
  }
  const parity = result.metrics.parity;
  await r.log(
    'output' in parity
      ? `parity: max |feature diff| ${parity.max_abs_feature_diff}, max |${parity.output} diff| ${parity.max_output_diff} (tolerance ${parity.tolerance})`
      : `parity: max |feature diff| ${parity.max_abs_feature_diff}, max |probability diff| ${parity.max_abs_probability_diff} (tolerance ${parity.tolerance})`,
  );
  const stored = await artifactStore().putBytes(result.onnxBytes);

  await database.transaction(async (tx) => {
    const sha = specSha256(result.spec);
    await tx.insert(featureSpecs).values({ sha256: sha, spec: result.spec, fittedOnDatasetVersionId: dv.id }).onConflictDoNothing();
    const [spec] = await tx.select().from(featureSpecs).where(eq(featureSpecs.sha256, sha));
    const [after] = await tx
      .update(runs)
      .set({
        status: 'succeeded',
        progress: 1,
        trainerVersion: result.lineage.trainer_version,
        params: result.lineage.params,
        runtime: result.lineage.runtime,
        metrics: result.metrics,
        summary: result.summary,
        featureSpecId: spec.id,
        artifactSha256: stored.sha256,
        artifactSize: stored.size,
        finishedAt: sql`now()`,
      })
      .where(eq(runs.id, runId))
      .returning();
    await writeAudit(tx, worker, {
      action: 'run.succeed',
      targetType: 'run',
      targetId: runId,
      after: { artifactSha256: after.artifactSha256, task: run.task, ...headline(result.metrics) },
    });
  });
}

/** The audit's headline figures: AUC (binary), log-loss (multiclass), RMSE (regression). */
function headline(m: { training: object; validation: { metrics: object } | null }) {
  const key = 'auc' in m.training ? 'auc' : 'rmse' in m.training ? 'rmse' : 'log_loss';
  const label = { auc: 'Auc', rmse: 'Rmse', log_loss: 'LogLoss' }[key];
  const pick = (x: object | undefined) => ((x as Record<string, number | null> | undefined)?.[key] ?? null);
  return { [`validation${label}`]: pick(m.validation?.metrics), [`training${label}`]: pick(m.training) };
}

/** Marks a run as ended without success (cancelled, or failed after its last attempt). */
export async function settleRun(runId: string, status: 'failed' | 'cancelled', error: string | null): Promise<void> {
  await db().transaction(async (tx) => {
    const [before] = await tx.select({ status: runs.status }).from(runs).where(eq(runs.id, runId)).for('update');
    if (!before || before.status === 'succeeded' || before.status === status) return;
    await tx.update(runs).set({ status, error, finishedAt: sql`now()` }).where(eq(runs.id, runId));
    await writeAudit(tx, worker, { action: status === 'failed' ? 'run.fail' : 'run.cancel', targetType: 'run', targetId: runId, before, after: { status }, reason: error });
  });
}
