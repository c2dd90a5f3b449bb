// The boosting loop of the histogram GBDT, for any objective with k outputs (./gbdt-objectives.ts):
// bin every feature once (uint8, float32 cuts — see ./gbdt-binning.ts), start every row at the
// objective's base scores, then per round: sample rows and features (seeded), grow one tree per
// output on that output's gradients/hessians (./gbdt-tree.ts), add its float32 leaf values to the
// output's running sum, and refresh the gradients at the new margins.
//
// Raw scores are kept exactly as the exported graph computes them (float32 running sum of leaves in
// tree order, plus the float32 base score), so the reported loss is that of the model that ships.
// Step metrics: the training loss and the validation metrics every round; the objective's other
// training metrics (the binary train AUC, a sort of every row) at round 1, every
// objective.trainMetricsEvery rounds and the last round — exact where reported, never read by the
// loop itself.
//
// Early stopping: with validation rows and early_stopping_rounds > 0, the loop stops once the
// validation loss has not improved (strictly) for that many rounds and keeps the trees of the best
// round. `rounds` instead trains exactly that many rounds (the final fit on all rows reuses the
// holdout fit's best round, since it has no validation rows of its own).
//
// Determinism: one thread, no Math.random (seeded mulberry32 for sampling), no iteration over
// hashed collections, ties broken by (feature, bin) order; the same inputs and seed give the same
// trees bit for bit.
import { binFeatures } from './gbdt-binning';
import { histLayout } from './gbdt-histogram';
import { treeLeafValue, toFloat32, type GbdtTree } from './gbdt-model';
import type { GbdtObjective } from './gbdt-objectives';
import type { GbdtParams } from './gbdt-params';
import { mulberry32, sampleFeatures } from './gbdt-rng';
import { binnedLeafValue, growTree, newHistPool, type GrownTree } from './gbdt-tree';
import { TrainingCancelled, type FeatureMatrix, type TrainProgress } from './types';

export interface BoostOptions {
  seed: number;
  validation?: FeatureMatrix;
  onProgress?: (p: TrainProgress) => void | Promise<void>;
  shouldStop?: () => boolean;
  /** Train exactly this many rounds (≤ n_trees), without early stopping. */
  rounds?: number;
  /** Histogram threads (never changes the trees: work is split by feature). */
  threads?: number;
  /** Rounds between the objective's training metrics (default: the objective's trainMetricsEvery). */
  trainMetricsEvery?: number;
}

export interface BoostResult {
  /** Round-major: round r's tree for output c is trees[r·k + c]. */
  trees: GbdtTree[];
  /** The output each tree adds to. */
  treeOutputs: number[];
  rounds: number;
  /** Rounds kept by early stopping (1-based); null when it did not run. */
  bestIteration: number | null;
}

/**
 * Adds each leaf's float32 value to output c's running sum of the rows that end in it (a leaf's
 * rows are its range of `rows`). Its own small function: inside the boosting loop's large body
 * V8 compiled this loop several times slower.
 */
function addLeafValues(sum: Float32Array, rows: Uint32Array, grown: GrownTree, k: number, c: number): void {
  const { feature, value } = grown.tree;
  for (let node = 0; node < feature.length; node++) {
    if (feature[node] >= 0) continue;
    const v = value[node];
    const end = grown.end[node];
    if (k === 1) {
      for (let i = grown.start[node]; i < end; i++) {
        const r = rows[i];
        sum[r] = Math.fround(sum[r] + v);
      }
    } else {
      for (let i = grown.start[node]; i < end; i++) {
        const r = rows[i] * k + c;
        sum[r] = Math.fround(sum[r] + v);
      }
    }
  }
}

/** margin = float32(sum + base) per row and output (row-major n × k), as the exported graph adds the base score. */
function addBase(sum: Float32Array, base: number[], margin: Float32Array): void {
  const k = base.length;
  if (k === 1) {
    const b = base[0];
    for (let i = 0; i < sum.length; i++) margin[i] = Math.fround(sum[i] + b);
    return;
  }
  for (let i = 0; i < sum.length; i += k) for (let c = 0; c < k; c++) margin[i + c] = Math.fround(sum[i + c] + base[c]);
}

export async function boost(X: FeatureMatrix, objective: GbdtObjective, params: GbdtParams, options: BoostOptions): Promise<BoostResult> {
  const { n, d } = X;
  const k = objective.k;
  const valid = options.validation;
  if (valid && valid.d !== d) throw new Error(`validation matrix has ${valid.d} features, training has ${d}`);
  if (options.rounds !== undefined && !(Number.isInteger(options.rounds) && options.rounds >= 1)) {
    throw new Error(`rounds must be a positive integer, got ${options.rounds}`);
  }
  const totalRounds = options.rounds === undefined ? params.n_trees : Math.min(options.rounds, params.n_trees);
  const early = options.rounds === undefined && valid !== undefined && params.early_stopping_rounds > 0;
  const metricsEvery = options.trainMetricsEvery ?? objective.trainMetricsEvery;
  if (!(Number.isInteger(metricsEvery) && metricsEvery >= 1)) throw new Error(`trainMetricsEvery must be a positive integer, got ${metricsEvery}`);

  const fb = binFeatures(X.values, n, d, params.max_bins);
  const layout = histLayout(fb.cuts.map((c) => c.length + 1));
  const pool = newHistPool(layout, { threads: options.threads });
  const base = objective.base.map((b) => Math.fround(b));

  // Float32 running sums of leaf values per output, exactly as onnxruntime accumulates them.
  const sum = new Float32Array(n * k);
  const margin = new Float32Array(n * k);
  const gh = Array.from({ length: k }, () => new Float64Array(2 * n));
  const rows = new Uint32Array(n);
  const sampled = k > 1 && params.subsample < 1 ? new Uint32Array(n) : null;
  const scratch = new Uint32Array(n);
  const rng = mulberry32(options.seed);
  const nFeats = Math.max(1, Math.round(params.colsample * d));
  const allFeats = Int32Array.from({ length: d }, (_, i) => i);

  const vn = valid ? valid.n : 0;
  const vx = valid ? toFloat32(valid.values) : null;
  const vSum = new Float32Array(vn * k);
  const vMargin = new Float32Array(vn * k);
  for (let i = 0; i < vn; i++) for (let c = 0; c < k; c++) vMargin[i * k + c] = base[c];

  // Gradients at the base scores; afterwards refreshed once per round.
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) margin[i * k + c] = base[c];
  objective.gradients(margin, gh);

  const trees: GbdtTree[] = [];
  const treeOutputs: number[] = [];
  let bestLoss = Infinity;
  let bestRound = 0;
  for (let t = 0; t < totalRounds; t++) {
    if (options.shouldStop?.()) throw new TrainingCancelled();

    let nRows = n;
    if (params.subsample < 1) {
      nRows = 0;
      for (let i = 0; i < n; i++) if (rng() < params.subsample) rows[nRows++] = i;
      if (nRows === 0) rows[nRows++] = Math.floor(rng() * n);
      sampled?.set(rows.subarray(0, nRows));
    }
    const feats = nFeats < d ? sampleFeatures(d, nFeats, rng) : allFeats;

    for (let c = 0; c < k; c++) {
      // growTree reorders rows[0..nRows) in place: every output's tree starts from the round's sample.
      if (params.subsample >= 1) for (let i = 0; i < n; i++) rows[i] = i;
      else if (sampled && c > 0) rows.set(sampled.subarray(0, nRows));
      const grown = growTree({
        bins: fb.bins,
        d,
        cuts: fb.cuts,
        layout,
        feats,
        gh: gh[c],
        rows,
        nRows,
        scratch,
        maxDepth: params.max_depth,
        minLeaf: params.min_samples_leaf,
        lambda: params.l2,
        learningRate: params.learning_rate,
        pool,
      });
      const tr = grown.tree;
      trees.push(tr);
      treeOutputs.push(c);

      // Add the new tree's leaf to every row's float32 sum: rows the tree was grown on sit in their
      // leaf's range of `rows`; rows left out by subsampling are routed by their bins.
      addLeafValues(sum, rows, grown, k, c);
      if (nRows < n) {
        const inSample = new Uint8Array(n);
        for (let i = 0; i < nRows; i++) inSample[rows[i]] = 1;
        for (let i = 0; i < n; i++) {
          if (inSample[i]) continue;
          sum[i * k + c] = Math.fround(sum[i * k + c] + binnedLeafValue(grown, fb.bins, d, i));
        }
      }
      if (vx) {
        for (let i = 0; i < vn; i++) {
          const s = Math.fround(vSum[i * k + c] + treeLeafValue(tr, vx, i * d));
          vSum[i * k + c] = s;
          vMargin[i * k + c] = Math.fround(s + base[c]);
        }
      }
    }
    addBase(sum, base, margin);
    const loss = objective.gradients(margin, gh);

    let stop = false;
    const v = valid ? objective.validMetrics(vMargin) : null;
    if (v && early) {
      if (v.loss < bestLoss) {
        bestLoss = v.loss;
        bestRound = t + 1;
      }
      stop = t + 1 - bestRound >= params.early_stopping_rounds;
    }
    // Training metrics only report (early stopping reads the validation loss): at round 1, every
    // metricsEvery rounds and at the last round trained, exact at each of them.
    const due = t === 0 || (t + 1) % metricsEvery === 0 || t + 1 === totalRounds || stop;
    const metrics: Record<string, number> = { loss, ...(due ? objective.trainMetrics(margin) : {}), ...v?.metrics };
    await options.onProgress?.({ iteration: t + 1, total: totalRounds, metrics });
    if (stop) break;
  }
  if (options.shouldStop?.()) throw new TrainingCancelled();

  if (early && bestRound > 0 && bestRound * k < trees.length) {
    trees.length = bestRound * k;
    treeOutputs.length = bestRound * k;
  }
  return { trees, treeOutputs, rounds: trees.length / k, bestIteration: early && bestRound > 0 ? bestRound : null };
}
