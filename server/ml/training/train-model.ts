// One training run, shared by `vigil train` and the training worker:
//   validate target, trainer and params → feature spec (given or derived) → holdout fit for
//   honest validation metrics and curves → final fit on ALL rows (GBDT: the rounds early stopping
//   kept in the holdout fit) → ONNX export → parity check.
//
// Which rows each number comes from (also written into metrics.json as `note`):
//   - `training`: the final model (spec fitted and model trained on all rows), scored on all rows.
//   - `validation`: a separate holdout fit — spec statistics and model fitted on a stratified,
//     seeded 80 % split, scored on the other 20 % — so it estimates how the final model generalises.
//     It is null when a class has fewer than 2 rows.
// The exported model is the final one; nothing learnt on the holdout fit reaches it.
import type { Table } from '../data/table';
import { deriveSpec } from '../features/derive';
import { fitSpec } from '../features/fit';
import { sha256Hex } from '../features/hash';
import { extractInputs, type RawInputs } from '../features/raw-inputs';
import { parseFeatureSpec, SpecError, type FeatureSpec } from '../features/spec';
import { transformBatch } from '../features/transform';
import { binaryMetrics, calibrationCurve, prCurve, rocCurve, type BinaryMetrics } from '../metrics';
import { exportModel } from '../onnx/export-model';
import { buildLineage, modelMetadata, type Lineage } from './lineage';
import { checkParity, type ParityReport } from '../onnx/parity';
import { getTrainer } from '../trainers';
import { outOfTimeSplit, stratifiedSplit } from '../trainers/split';
import type { Labels, TrainProgress } from '../trainers/types';
import { readLabels } from './labels';
import { parseTrainerParams } from './params';

export const VALIDATION_FRACTION = 0.2;

export type TrainPhase = 'holdout' | 'final';
export interface TrainModelProgress extends TrainProgress {
  phase: TrainPhase;
}

export interface TrainModelInput {
  table: Table;
  target: string;
  trainer: string;
  /** Raw params (e.g. parsed --params JSON); validated by the trainer's schema. */
  params?: unknown;
  seed?: number;
  /** A feature spec (JSON value); derived from the table when absent. */
  spec?: unknown;
  /** SHA-256 of the data file, when the caller has it. */
  dataSha256?: string;
  onProgress?: (p: TrainModelProgress) => void | Promise<void>;
  shouldStop?: () => boolean;
  /** Threads the trainer may use (default 1); never changes the model. */
  threads?: number;
  /** Out of time: validate on the last rows in file order (retraining's rows are in prediction-time order). Default: stratified random. */
  validationSplit?: { kind: 'out_of_time'; fraction: number } | null;
}

export interface StepMetric {
  phase: TrainPhase;
  iteration: number;
  total: number;
  metrics: Record<string, number>;
}

export interface TrainingMetrics {
  note: string;
  training: BinaryMetrics;
  validation: {
    /** `kind` is present only for an out-of-time split (absent: stratified random). */
    split: { fraction: number; seed: number; train_rows: number; validation_rows: number; kind?: 'out_of_time' };
    metrics: BinaryMetrics;
    curves: { roc: ReturnType<typeof rocCurve>; pr: ReturnType<typeof prCurve>; calibration: ReturnType<typeof calibrationCurve> };
  } | null;
  parity: ParityReport;
}

export type { Lineage } from './lineage';

export interface TrainModelResult {
  onnxBytes: Uint8Array;
  artifactSha256: string;
  spec: FeatureSpec;
  metrics: TrainingMetrics;
  stepMetrics: StepMetric[];
  lineage: Lineage;
  summary: Record<string, number | string>;
}

const METRICS_NOTE =
  'training: the final model (fitted on all rows) scored on all rows. validation: a separate holdout fit ' +
  '(feature statistics and model fitted on a stratified seeded split of the rows, scored on the held-out ' +
  `${VALIDATION_FRACTION * 100}%); curves are from that held-out split.`;

export function prepare(spec: FeatureSpec, table: Table): RawInputs {
  return extractInputs(spec, table).inputs;
}

export function subset(raw: RawInputs, rows: number[]): RawInputs {
  const columns = new Map<string, Float64Array | (string | null)[]>();
  for (const [k, v] of raw.columns) {
    columns.set(k, v instanceof Float64Array ? Float64Array.from(rows, (r) => v[r]) : rows.map((r) => v[r]));
  }
  return { n: rows.length, columns };
}

export async function trainModel(input: TrainModelInput): Promise<TrainModelResult> {
  const trainer = getTrainer(input.trainer);
  const params = parseTrainerParams(trainer, input.params);
  const seed = input.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  const y = readLabels(input.table, input.target);
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

  // Holdout fit: everything learnt from the training split only.
  const oot = input.validationSplit?.kind === 'out_of_time' ? input.validationSplit : null;
  const split = oot ? outOfTimeSplit(y, oot.fraction) : stratifiedSplit(y, VALIDATION_FRACTION, seed);
  let validation: TrainingMetrics['validation'] = null;
  let bestIteration: number | undefined;
  if (split) {
    const rawTrain = subset(raw, split.train);
    const specTrain = fitSpec(spec, rawTrain);
    const Xtr = transformBatch(specTrain, rawTrain);
    const Xva = transformBatch(specTrain, subset(raw, split.validation));
    const ytr = Uint8Array.from(split.train, (r) => y[r]);
    const yva = Uint8Array.from(split.validation, (r) => y[r]);
    const holdout = await trainer.train(Xtr, ytr, params, {
      seed,
      validation: { X: Xva, y: yva },
      onProgress: progress('holdout'),
      shouldStop: input.shouldStop,
      threads: input.threads,
    });
    bestIteration = holdout.bestIteration;
    const pva = holdout.predict(Xva);
    validation = {
      split: { fraction: oot?.fraction ?? VALIDATION_FRACTION, seed, train_rows: split.train.length, validation_rows: split.validation.length, ...(oot ? { kind: 'out_of_time' as const } : {}) },
      metrics: binaryMetrics(yva, pva),
      curves: { roc: rocCurve(yva, pva), pr: prCurve(yva, pva), calibration: calibrationCurve(yva, pva) },
    };
  }

  // Final fit on all rows: the model that ships.
  const fitted = fitSpec(spec, raw);
  const X = transformBatch(fitted, raw);
  // Early stopping needs validation rows, which the final fit has none of: it trains the rounds the
  // holdout fit kept.
  const model = await trainer.train(X, y as Labels, params, {
    seed,
    onProgress: progress('final'),
    shouldStop: input.shouldStop,
    threads: input.threads,
    ...(bestIteration !== undefined ? { rounds: bestIteration } : {}),
  });
  const p = model.predict(X);
  const onnxBytes = exportModel({
    spec: fitted,
    part: model.onnxPart,
    metadata: modelMetadata({ trainer, params, seed, target: input.target }),
  });
  // Fails the run when the served graph and the evaluated batch path disagree.
  const parity = await checkParity({ onnxBytes, spec: fitted, raw, features: X, probability: p });

  const lineage = buildLineage({ dataSha256: input.dataSha256, target: input.target, rows: X.n, spec: fitted, trainer, params, seed, bestIteration });
  return {
    onnxBytes,
    artifactSha256: sha256Hex(onnxBytes),
    spec: fitted,
    metrics: { note: METRICS_NOTE, training: binaryMetrics(y, p), validation, parity },
    stepMetrics,
    lineage,
    summary: { ...model.summary, ...(bestIteration !== undefined ? { best_iteration: bestIteration } : {}) },
  };
}
