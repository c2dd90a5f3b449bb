// One multiclass or regression training run, shared by `vigil train --task …` (and later the
// worker): the same steps as the binary trainModel (./train-model.ts) —
//   validate target, trainer and params → feature spec (given or derived) → holdout fit for
//   honest validation metrics → final fit on ALL rows (GBDT: the rounds early stopping kept in
//   the holdout fit) → ONNX export → parity check.
// Multiclass splits are stratified by class (a class with one row stays in training), regression
// splits are a seeded random 80/20.
import type { Table } from '../data/table';
import { deriveSpec } from '../features/derive';
import { fitSpec } from '../features/fit';
import { sha256Hex } from '../features/hash';
import { parseFeatureSpec, SpecError, type FeatureSpec } from '../features/spec';
import { transformBatch } from '../features/transform';
import { multiclassMetrics, type MulticlassMetrics } from '../metrics/multiclass';
import { regressionMetrics, type RegressionMetrics } from '../metrics/regression';
import { exportTaskModel } from '../onnx/export-model';
import { checkTaskParity, type TaskParityReport } from '../onnx/task-parity';
import { randomSplit, stratifiedClassSplit } from '../trainers/split';
import { getTaskTrainer } from '../trainers/task-registry';
import type { TaskTarget } from '../trainers/task-types';
import type { TrainProgress } from '../trainers/types';
import { buildLineage, modelMetadata } from './lineage';
import { parseTrainerParams } from './params';
import { readClassTarget, readRegressionTarget } from './task-targets';
import { prepare, subset, VALIDATION_FRACTION, type Lineage, type StepMetric, type TrainModelProgress, type TrainPhase } from './train-model';

export interface TrainTaskModelInput {
  task: 'multiclass' | 'regression';
  table: Table;
  target: string;
  trainer: string;
  params?: unknown;
  seed?: number;
  spec?: unknown;
  dataSha256?: string;
  onProgress?: (p: TrainModelProgress) => void | Promise<void>;
  shouldStop?: () => boolean;
  /** Threads the GBDT may build histograms on (default 1); never changes the model. */
  threads?: number;
}

export type TaskMetrics = MulticlassMetrics | RegressionMetrics;

export interface TaskTrainingMetrics {
  note: string;
  task: 'multiclass' | 'regression';
  training: TaskMetrics;
  validation: {
    split: { fraction: number; seed: number; train_rows: number; validation_rows: number; stratified: boolean };
    metrics: TaskMetrics;
  } | null;
  parity: TaskParityReport;
}

export interface TaskLineage extends Lineage {
  task: 'multiclass' | 'regression';
  /** Multiclass: class names in the order of the model's probability columns. */
  classes?: string[];
}

export interface TrainTaskModelResult {
  onnxBytes: Uint8Array;
  artifactSha256: string;
  spec: FeatureSpec;
  metrics: TaskTrainingMetrics;
  stepMetrics: StepMetric[];
  lineage: TaskLineage;
  summary: Record<string, number | string>;
}

const note = (task: 'multiclass' | 'regression') =>
  'training: the final model (fitted on all rows) scored on all rows. validation: a separate holdout fit ' +
  `(feature statistics and model fitted on a ${task === 'multiclass' ? 'class-stratified' : 'random'} seeded split of the rows, ` +
  `scored on the held-out ${VALIDATION_FRACTION * 100}%).`;

function takeTarget(t: TaskTarget, rows: number[]): TaskTarget {
  return t.task === 'multiclass'
    ? { task: 'multiclass', classes: t.classes, y: Int32Array.from(rows, (r) => t.y[r]) }
    : { task: 'regression', y: Float64Array.from(rows, (r) => t.y[r]) };
}

function metricsOf(t: TaskTarget, outputs: Float64Array): TaskMetrics {
  return t.task === 'multiclass' ? multiclassMetrics(t.y, outputs, t.classes) : regressionMetrics(t.y, outputs);
}

export async function trainTaskModel(input: TrainTaskModelInput): Promise<TrainTaskModelResult> {
  const trainer = getTaskTrainer(input.task, input.trainer);
  const params = parseTrainerParams(trainer, input.params);
  const seed = input.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  const target: TaskTarget = input.task === 'multiclass' ? readClassTarget(input.table, input.target) : readRegressionTarget(input.table, input.target);
  const spec = input.spec === undefined ? deriveSpec(input.table, input.target) : parseFeatureSpec(input.spec);
  if (spec.inputs.some((i) => i.name === input.target)) {
    throw new SpecError(`inputs: the target column '${input.target}' cannot be a model input`);
  }
  const raw = prepare(spec, input.table);
  const stepMetrics: StepMetric[] = [];
  const progress = (phase: TrainPhase) => async (p: TrainProgress) => {
    stepMetrics.push({ phase, iteration: p.iteration, total: p.total, metrics: p.metrics });
    await input.onProgress?.({ ...p, phase });
  };

  const split =
    target.task === 'multiclass'
      ? stratifiedClassSplit(target.y, target.classes.length, VALIDATION_FRACTION, seed)
      : randomSplit(target.y.length, VALIDATION_FRACTION, seed);
  let validation: TaskTrainingMetrics['validation'] = null;
  let bestIteration: number | undefined;
  if (split) {
    const rawTrain = subset(raw, split.train);
    const specTrain = fitSpec(spec, rawTrain);
    const Xtr = transformBatch(specTrain, rawTrain);
    const Xva = transformBatch(specTrain, subset(raw, split.validation));
    const tva = takeTarget(target, split.validation);
    const holdout = await trainer.train(Xtr, takeTarget(target, split.train), params, {
      seed,
      validation: { X: Xva, target: tva },
      onProgress: progress('holdout'),
      shouldStop: input.shouldStop,
      threads: input.threads,
    });
    bestIteration = holdout.bestIteration;
    validation = {
      split: {
        fraction: VALIDATION_FRACTION,
        seed,
        train_rows: split.train.length,
        validation_rows: split.validation.length,
        stratified: target.task === 'multiclass',
      },
      metrics: metricsOf(tva, holdout.predict(Xva)),
    };
  }

  const fitted = fitSpec(spec, raw);
  const X = transformBatch(fitted, raw);
  const model = await trainer.train(X, target, params, {
    seed,
    onProgress: progress('final'),
    shouldStop: input.shouldStop,
    threads: input.threads,
    ...(bestIteration !== undefined ? { rounds: bestIteration } : {}),
  });
  const outputs = model.predict(X);
  const classes = target.task === 'multiclass' ? target.classes : undefined;
  const onnxBytes = exportTaskModel({
    spec: fitted,
    part: model.onnxPart,
    classes,
    metadata: modelMetadata({ trainer, params, seed, target: input.target }),
  });
  const parity = await checkTaskParity({ onnxBytes, spec: fitted, raw, features: X, task: input.task, outputs, width: model.width, classes });

  const lineage: TaskLineage = {
    ...buildLineage({ dataSha256: input.dataSha256, target: input.target, rows: X.n, spec: fitted, trainer, params, seed, bestIteration }),
    task: input.task,
    ...(classes ? { classes } : {}),
  };
  return {
    onnxBytes,
    artifactSha256: sha256Hex(onnxBytes),
    spec: fitted,
    metrics: { note: note(input.task), task: input.task, training: metricsOf(target, outputs), validation, parity },
    stepMetrics,
    lineage,
    summary: { ...model.summary, ...(bestIteration !== undefined ? { best_iteration: bestIteration } : {}) },
  };
}
