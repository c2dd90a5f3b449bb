// Histogram gradient-boosted decision trees for binary log-loss.
//
// Pipeline: bin every feature once (uint8, float32 cuts — see ./gbdt-binning.ts), start every row at
// the base score (log-odds of the training positive rate), then per tree: gradients g = p − y and
// hessians h = p(1 − p) of the log-loss at the current raw score, a depth-wise tree on their
// histograms (./gbdt-tree.ts), and an update of the raw scores by the tree's float32 leaf values.
//
// Raw scores are kept exactly as the exported graph computes them (float32 running sum of leaves in
// tree order, plus the float32 base score), so the reported loss and AUC are those of the model that
// ships, and predictGbdt on the training rows reproduces them bit for bit.
//
// Determinism: no Math.random (seeded mulberry32 for sampling), no iteration over hashed
// collections, ties broken by (feature, bin) order, and histogram threads (options.threads) split
// features, never rows (./gbdt-threads.ts); the same inputs and seed give the same trees bit for
// bit on any number of threads.
import { TrainingCancelled, type FeatureMatrix, type Labels, type Trainer, type TrainedModel, type TrainOptions } from './types';
import { gbdtPart } from '../onnx/tree-ensemble';
import { binFeatures } from './gbdt-binning';
import { histLayout } from './gbdt-histogram';
import { fastAuc } from './gbdt-auc';
import { mulberry32, sampleFeatures } from './gbdt-rng';
import { binnedLeafValue, growTree, newHistPool } from './gbdt-tree';
import { predictGbdt, treeLeafValue, toFloat32, type GbdtModel, type GbdtTree } from './gbdt-model';
import { gbdtParamsSchema, parseGbdtParams, type GbdtParams } from './gbdt-params';

export { parseGbdtParams, gbdtParamsSchema, type GbdtParams, type GbdtParamsInput } from './gbdt-params';
export { predictGbdt, predictMargins, type GbdtModel, type GbdtTree } from './gbdt-model';

/** Hessians below this are raised to it (as XGBoost does) so a pure leaf never divides by ~0 when λ = 0. */
const MIN_HESSIAN = 1e-16;

/**
 * Log-loss gradients g = p − y and hessians h = p(1 − p) at raw scores `margin` into gh, returning
 * the mean log-loss; one exp and one log1p per row, stable for any margin.
 */
function gradients(margin: Float32Array, y: Labels, gh: Float64Array): number {
  const n = margin.length;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const m = margin[i];
    // e = exp(−|m|) never overflows; softplus(−|m|) = log1p(e).
    const e = Math.exp(m >= 0 ? -m : m);
    const p = m >= 0 ? 1 / (1 + e) : e / (1 + e);
    const sp = Math.log1p(e);
    // −log p = softplus(−m), −log(1 − p) = softplus(m); softplus(z) = max(z, 0) + log1p(e^−|z|).
    loss += y[i] === 1 ? (m >= 0 ? sp : sp - m) : m >= 0 ? m + sp : sp;
    gh[2 * i] = p - y[i];
    gh[2 * i + 1] = Math.max(p * (1 - p), MIN_HESSIAN);
  }
  return loss / n;
}

function checkInputs(X: FeatureMatrix, y: Labels): number {
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
  return pos;
}

/** Trains a GBDT. `rawParams` is validated (unknown keys are an error naming them). */
export function trainGbdt(X: FeatureMatrix, y: Labels, rawParams: unknown, options: TrainOptions): Promise<GbdtModel> {
  return fitGbdt(X, y, parseGbdtParams(rawParams), options);
}

/** Trains a GBDT with already-validated parameters. */
export async function fitGbdt(X: FeatureMatrix, y: Labels, params: GbdtParams, options: TrainOptions): Promise<GbdtModel> {
  const pos = checkInputs(X, y);
  const { n, d } = X;
  const valid = options.validation;
  if (valid && valid.X.d !== d) throw new Error(`validation matrix has ${valid.X.d} features, training has ${d}`);

  const fb = binFeatures(X.values, n, d, params.max_bins);
  const layout = histLayout(fb.cuts.map((c) => c.length + 1));
  const pool = newHistPool(layout, { threads: options.threads });
  const rate = pos / n;
  const baseScore = Math.fround(Math.log(rate / (1 - rate)));

  // Float32 running sums of leaf values, exactly as onnxruntime accumulates them.
  const sum = new Float32Array(n);
  const margin = new Float32Array(n);
  const gh = new Float64Array(2 * n);
  const rows = new Uint32Array(n);
  const scratch = new Uint32Array(n);
  const rng = mulberry32(options.seed);
  const nFeats = Math.max(1, Math.round(params.colsample * d));
  const allFeats = Int32Array.from({ length: d }, (_, i) => i);

  const vx = valid ? toFloat32(valid.X.values) : null;
  const vSum = valid ? new Float32Array(valid.X.n) : null;
  const vMargin = valid ? new Float32Array(valid.X.n) : null;

  // Gradients at the base score; afterwards refreshed in the same pass that scores each tree.
  for (let i = 0; i < n; i++) margin[i] = baseScore;
  gradients(margin, y, gh);

  const trees: GbdtTree[] = [];
  for (let t = 0; t < params.n_trees; t++) {
    if (options.shouldStop?.()) throw new TrainingCancelled();

    let nRows = n;
    if (params.subsample < 1) {
      nRows = 0;
      for (let i = 0; i < n; i++) if (rng() < params.subsample) rows[nRows++] = i;
      if (nRows === 0) rows[nRows++] = Math.floor(rng() * n);
    } else {
      for (let i = 0; i < n; i++) rows[i] = i;
    }
    const feats = nFeats < d ? sampleFeatures(d, nFeats, rng) : allFeats;

    const grown = growTree({
      bins: fb.bins,
      d,
      cuts: fb.cuts,
      layout,
      feats,
      gh,
      rows,
      nRows,
      scratch,
      maxDepth: params.max_depth,
      minLeaf: params.min_samples_leaf,
      lambda: params.l2,
      learningRate: params.learning_rate,
      pool,
    });
    trees.push(grown.tree);

    // Add the new tree's leaf to every row's float32 sum: rows the tree was grown on sit in their
    // leaf's range of `rows`; rows left out by subsampling are routed by their bins.
    const tr = grown.tree;
    for (let k = 0; k < tr.feature.length; k++) {
      if (tr.feature[k] >= 0) continue;
      const v = tr.value[k];
      for (let i = grown.start[k]; i < grown.end[k]; i++) {
        const r = rows[i];
        sum[r] = Math.fround(sum[r] + v);
      }
    }
    if (nRows < n) {
      const inSample = new Uint8Array(n);
      for (let i = 0; i < nRows; i++) inSample[rows[i]] = 1;
      for (let i = 0; i < n; i++) {
        if (inSample[i]) continue;
        sum[i] = Math.fround(sum[i] + binnedLeafValue(grown, fb.bins, d, i));
      }
    }
    for (let i = 0; i < n; i++) margin[i] = Math.fround(sum[i] + baseScore);
    const loss = gradients(margin, y, gh);

    const metrics: Record<string, number> = { loss, train_auc: fastAuc(margin, y) };
    if (valid && vx && vSum && vMargin) {
      for (let i = 0; i < valid.X.n; i++) {
        const s = Math.fround(vSum[i] + treeLeafValue(tr, vx, i * d));
        vSum[i] = s;
        vMargin[i] = Math.fround(s + baseScore);
      }
      metrics.valid_auc = fastAuc(vMargin, valid.y);
    }
    await options.onProgress?.({ iteration: t + 1, total: params.n_trees, metrics });
  }
  if (options.shouldStop?.()) throw new TrainingCancelled();

  return { kind: 'gbdt', featureNames: [...X.featureNames], nFeatures: d, baseScore, params, trees };
}

export const gbdtTrainer: Trainer<GbdtParams> = {
  name: 'gbdt',
  version: '1.0.0',
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
      summary: { trees: model.trees.length, leaves, base_score: model.baseScore },
    };
  },
};
