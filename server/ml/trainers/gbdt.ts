// Histogram gradient-boosted decision trees: binary log-loss (this file's Trainer), and the
// multiclass (softmax) and regression (squared error) trainers in ./gbdt-tasks.ts. The boosting
// loop is ./gbdt-boost.ts, the losses ./gbdt-objectives.ts, one tree ./gbdt-tree.ts.
//
// Binary: start every row at the base score (log-odds of the training positive rate), then per
// tree: gradients g = p − y and hessians h = p(1 − p) of the log-loss at the current raw score, a
// depth-wise tree on their histograms, and an update of the raw scores by the tree's float32 leaf
// values. predictGbdt on the training rows reproduces the reported loss bit for bit.
//
// Determinism: no Math.random (seeded mulberry32 for sampling), no iteration over hashed
// collections, ties broken by (feature, bin) order, and histogram threads (options.threads) split
// features, never rows (./gbdt-threads.ts); the same inputs and seed give the same trees bit for
// bit on any number of threads.
import { type FeatureMatrix, type Labels, type Trainer, type TrainedModel, type TrainOptions } from './types';
import { gbdtPart } from '../onnx/tree-ensemble';
import { boost } from './gbdt-boost';
import { totalGainByColumn } from './gbdt-gain';
import { binaryObjective } from './gbdt-objectives';
import { predictGbdt, type GbdtModel } from './gbdt-model';
import { gbdtParamsSchema, parseGbdtParams, type GbdtParams } from './gbdt-params';

export { parseGbdtParams, gbdtParamsSchema, type GbdtParams, type GbdtParamsInput } from './gbdt-params';
export { predictGbdt, predictMargins, type GbdtModel, type GbdtTree } from './gbdt-model';

function checkInputs(X: FeatureMatrix, y: Labels): void {
  const { n, d, values } = X;
  if (n < 1 || d < 1) throw new Error(`gbdt needs at least one row and one feature (got ${n} × ${d})`);
  if (values.length !== n * d) throw new Error(`feature matrix holds ${values.length} values, expected ${n} × ${d}`);
  if (y.length !== n) throw new Error(`got ${y.length} labels for ${n} rows`);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] > 1) throw new Error(`label at row ${i} is ${y[i]}; labels must be 0 or 1`);
    pos += y[i];
  }
  if (pos === 0 || pos === n) throw new Error('training labels hold only one class; gbdt needs both 0 and 1');
}

/** Trains a GBDT. `rawParams` is validated (unknown keys are an error naming them). */
export function trainGbdt(X: FeatureMatrix, y: Labels, rawParams: unknown, options: TrainOptions): Promise<GbdtModel> {
  return fitGbdt(X, y, parseGbdtParams(rawParams), options);
}

/** Trains a binary GBDT with already-validated parameters. */
export async function fitGbdt(X: FeatureMatrix, y: Labels, params: GbdtParams, options: TrainOptions): Promise<GbdtModel> {
  checkInputs(X, y);
  const valid = options.validation;
  const objective = binaryObjective(y, valid?.y);
  const r = await boost(X, objective, params, {
    seed: options.seed,
    validation: valid?.X,
    onProgress: options.onProgress,
    shouldStop: options.shouldStop,
    rounds: options.rounds,
    threads: options.threads,
  });
  return {
    kind: 'gbdt',
    featureNames: [...X.featureNames],
    nFeatures: X.d,
    baseScore: objective.base[0],
    params,
    trees: r.trees,
    bestIteration: r.bestIteration,
  };
}

export const gbdtTrainer: Trainer<GbdtParams> = {
  name: 'gbdt',
  // 1.1.0: early stopping (on by default) changes the number of trees.
  version: '1.1.0',
  paramsSchema: gbdtParamsSchema,
  async train(X: FeatureMatrix, y: Labels, params: GbdtParams, options: TrainOptions): Promise<TrainedModel> {
    const model = await fitGbdt(X, y, params, options);
    let leaves = 0;
    for (const t of model.trees) for (const f of t.feature) if (f < 0) leaves++;
    return {
      // The float32 path of the exported graph, widened: parity with onnxruntime is exact up to
      // its float Sigmoid, not merely close.
      predict: (M) => Float64Array.from(predictGbdt(model, M.values, M.n)),
      onnxPart: gbdtPart(model),
      summary: {
        trees: model.trees.length,
        leaves,
        base_score: model.baseScore,
        ...(model.bestIteration != null ? { best_iteration: model.bestIteration } : {}),
        ...totalGainByColumn(model.trees, model.featureNames),
      },
      ...(model.bestIteration != null ? { bestIteration: model.bestIteration } : {}),
    };
  },
};
