// Contracts shared by the built-in trainers, the feature pipeline and the ONNX exporters.

/** Feature vectors after the feature spec's batch transform: row-major n × d. */
export interface FeatureMatrix {
  values: Float64Array;
  n: number;
  d: number;
  /** Names of the d transformed features (e.g. `income__log1p__std`, `region=north`). */
  featureNames: string[];
}

/** Binary labels in {0, 1}, one per row of a FeatureMatrix. */
export type Labels = Uint8Array;

export interface TrainProgress {
  /** 1-based iteration (epoch or tree) just completed. */
  iteration: number;
  total: number;
  /** Step metrics, e.g. { loss, train_auc, valid_auc }. */
  metrics: Record<string, number>;
}

export interface TrainOptions {
  seed: number;
  /** Held-out rows for step metrics (valid_auc); optional. */
  validation?: { X: FeatureMatrix; y: Labels };
  /** Called after each iteration; the trainer awaits it (lets a worker report progress). */
  onProgress?: (p: TrainProgress) => void | Promise<void>;
  /** Checked between iterations; when it returns true the trainer throws TrainingCancelled. */
  shouldStop?: () => boolean;
  /**
   * Boosting rounds to train exactly, without early stopping: the final fit on all rows takes the
   * best iteration the holdout fit found. Ignored by trainers that do not boost.
   */
  rounds?: number;
  /**
   * Threads a trainer may use (default 1). Never changes the model: the GBDT splits histogram
   * work by feature, so 1 or N threads give the same bits.
   */
  threads?: number;
}

export class TrainingCancelled extends Error {
  constructor() {
    super('training cancelled');
  }
}

/** What a trainer returns: batch scores for metrics/parity and the ONNX part for export. */
export interface TrainedModel {
  /** P(class 1) for each row of X, computed in double precision by the trainer itself. */
  predict(X: FeatureMatrix): Float64Array;
  /** Appends the model's nodes after the preprocessing (see server/ml/onnx/model-part.ts). */
  onnxPart: import('../onnx/model-part').ModelPart;
  /** Loss per iteration etc. is reported through onProgress; this holds a small final summary. */
  summary: Record<string, number | string>;
  /** Boosting rounds kept after early stopping (GBDT with validation rows only). */
  bestIteration?: number;
}

/**
 * A built-in trainer, registered by name in ./index.ts. `paramsSchema` is a strict zod object
 * (unknown keys are errors) that fills defaults, so parsed params are what lineage records.
 */
export interface Trainer<P extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  /** Bumped whenever the same inputs could give a different model. */
  version: string;
  paramsSchema: import('zod').ZodType<P>;
  train(X: FeatureMatrix, y: Labels, params: P, options: TrainOptions): Promise<TrainedModel>;
}
