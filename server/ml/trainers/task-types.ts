// Contracts of the multiclass and regression trainers (the binary ones are in ./types.ts).
//
// A multiclass target is a class index per row into `classes` (sorted class names); a regression
// target is a finite number per row. A trained model predicts n × width doubles: the class
// probabilities in `classes` order (width k) or the value (width 1), and exports an ONNX part
// that appends the same computation (see ../onnx/model-part.ts, TaskModelPart).
import type { TaskModelPart } from '../onnx/model-part';
import type { FeatureMatrix, TrainProgress } from './types';

export type Task = 'binary' | 'multiclass' | 'regression';
export const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];

export type TaskTarget =
  | { task: 'multiclass'; y: Int32Array; classes: string[] }
  | { task: 'regression'; y: Float64Array };

export interface TaskTrainOptions {
  seed: number;
  /** Held-out rows for step metrics and (GBDT) early stopping. */
  validation?: { X: FeatureMatrix; target: TaskTarget };
  onProgress?: (p: TrainProgress) => void | Promise<void>;
  shouldStop?: () => boolean;
  /**
   * Boosting rounds to train exactly, without early stopping: the final fit on all rows takes the
   * best iteration the holdout fit found. Ignored by trainers that do not boost.
   */
  rounds?: number;
  /** Histogram threads for the GBDT (never changes the model). */
  threads?: number;
}

export interface TrainedTaskModel {
  /** Row-major n × width predictions, computed by the trainer itself (parity reference). */
  predict(X: FeatureMatrix): Float64Array;
  width: number;
  onnxPart: TaskModelPart;
  summary: Record<string, number | string>;
  /** Boosting rounds kept after early stopping (GBDT only). */
  bestIteration?: number;
}

export interface TaskTrainer<P extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  task: 'multiclass' | 'regression';
  /** Bumped whenever the same inputs could give a different model. */
  version: string;
  paramsSchema: import('zod').ZodType<P>;
  train(X: FeatureMatrix, target: TaskTarget, params: P, options: TaskTrainOptions): Promise<TrainedTaskModel>;
}

/** Checks the shapes shared by every task trainer; returns the class count (1 for regression). */
export function checkTaskInputs(name: string, X: FeatureMatrix, target: TaskTarget): number {
  const { n, d, values } = X;
  if (n < 1 || d < 1) throw new Error(`${name} needs at least one row and one feature (got ${n} × ${d})`);
  if (values.length !== n * d) throw new Error(`feature matrix holds ${values.length} values, expected ${n} × ${d}`);
  if (target.y.length !== n) throw new Error(`got ${target.y.length} targets for ${n} rows`);
  if (target.task === 'regression') {
    for (let i = 0; i < n; i++) if (!Number.isFinite(target.y[i])) throw new Error(`target at row ${i + 1} is ${target.y[i]}, not a finite number`);
    return 1;
  }
  const k = target.classes.length;
  if (k < 2) throw new Error(`${name} needs at least 2 classes, got ${k}`);
  for (let i = 0; i < n; i++) {
    if (!(target.y[i] >= 0 && target.y[i] < k)) throw new Error(`class index at row ${i + 1} is ${target.y[i]}, not below ${k}`);
  }
  return k;
}
