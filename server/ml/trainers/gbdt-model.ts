// The trained GBDT as plain, JSON-serialisable data, and the prediction path that mirrors the
// exported ONNX graph operation for operation.
//
// ONNX graph (see ../onnx/tree-ensemble.ts):  features (double) → Cast float → TreeEnsemble (SUM of
// float32 leaf weights, BRANCH_LEQ on float32 thresholds) → Add base_score (float) → Cast double
// → Sigmoid → Cast float. predictGbdt does the same in the same precision: it compares
// fround(x) ≤ threshold, sums leaves in float32 in tree order starting from 0, adds the float32
// base score in float32 and applies the logistic function in double, rounding the result to float32.
import type { GbdtParams } from './gbdt-params';

/**
 * One tree in node arrays; node 0 is the root, children always come after their parent.
 * An interior node has feature ≥ 0 and sends rows with fround(x[feature]) ≤ threshold to `left`
 * (the ONNX true branch), others (NaN included) to `right`. A leaf has feature −1 and a `value`.
 * Thresholds and values are float32 numbers (exactly representable as float32).
 */
export interface GbdtTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  /**
   * Per node, the loss reduction of its split, G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) on the
   * gradients it was grown on (XGBoost's `loss_chg`); 0 for leaves. Absent on trees from before
   * it was recorded. Not part of the exported graph: it feeds gain importance (./gbdt-gain.ts).
   */
  gain?: number[];
}

export interface GbdtModel {
  kind: 'gbdt';
  featureNames: string[];
  nFeatures: number;
  /**
   * Float32 log-odds of the training positive rate, added to the tree sum. XGBoost 1.7 starts
   * from base_score 0.5 (margin 0) instead; starting at the prior saves the first trees the work of
   * learning the class balance, which matters on imbalanced data.
   */
  baseScore: number;
  params: GbdtParams;
  trees: GbdtTree[];
  /** Rounds kept by early stopping; null/absent when it did not run. */
  bestIteration?: number | null;
}

/**
 * A GBDT with k outputs (multiclass: one raw score per class, softmax applied after; regression:
 * k = 1, the raw score is the prediction). Trees are round-major; tree t adds to output
 * treeOutputs[t]. Exported as one TreeEnsemble with n_targets = k (../onnx/tree-ensemble.ts).
 */
export interface GbdtEnsemble {
  kind: 'gbdt';
  task: 'multiclass' | 'regression';
  featureNames: string[];
  nFeatures: number;
  nOutputs: number;
  /** Float32 starting score per output. */
  baseScores: number[];
  params: GbdtParams;
  trees: GbdtTree[];
  treeOutputs: number[];
  bestIteration: number | null;
}

/** Leaf value a tree gives to a row of float32 features. */
export function treeLeafValue(t: GbdtTree, row: Float32Array | Float64Array, offset: number): number {
  let k = 0;
  while (t.feature[k] >= 0) {
    k = row[offset + t.feature[k]] <= t.threshold[k] ? t.left[k] : t.right[k];
  }
  return t.value[k];
}

/** Rounds a row-major double matrix to float32, as the graph's Cast does. */
export function toFloat32(values: Float64Array): Float32Array {
  return Float32Array.from(values);
}

/**
 * Raw scores (float32 tree sum + float32 base score, rounded to float32 at each step, as
 * onnxruntime's TreeEnsemble SUM followed by a float Add) for a row-major n × d matrix.
 */
export function predictMargins(model: GbdtModel, values: Float64Array, n: number): Float32Array {
  const d = model.nFeatures;
  if (values.length !== n * d) throw new Error(`expected ${n} × ${d} feature values, got ${values.length}`);
  const x = toFloat32(values);
  const out = new Float32Array(n);
  const base = Math.fround(model.baseScore);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const t of model.trees) s = Math.fround(s + treeLeafValue(t, x, i * d));
    out[i] = Math.fround(s + base);
  }
  return out;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** P(class 1) per row, float32 like the graph's `probability` output. */
export function predictGbdt(model: GbdtModel, values: Float64Array, n: number): Float32Array {
  const m = predictMargins(model, values, n);
  const p = new Float32Array(n);
  for (let i = 0; i < n; i++) p[i] = sigmoid(m[i]);
  return p;
}

/** Raw scores per output (row-major n × k), float32 exactly as TreeEnsemble SUM + the base Add. */
export function predictEnsembleMargins(model: GbdtEnsemble, values: Float64Array, n: number): Float32Array {
  const d = model.nFeatures;
  const k = model.nOutputs;
  if (values.length !== n * d) throw new Error(`expected ${n} × ${d} feature values, got ${values.length}`);
  const x = toFloat32(values);
  const out = new Float32Array(n * k);
  const s = new Float32Array(k);
  for (let i = 0; i < n; i++) {
    s.fill(0);
    for (let t = 0; t < model.trees.length; t++) {
      const c = model.treeOutputs[t];
      s[c] = Math.fround(s[c] + treeLeafValue(model.trees[t], x, i * d));
    }
    for (let c = 0; c < k; c++) out[i * k + c] = Math.fround(s[c] + Math.fround(model.baseScores[c]));
  }
  return out;
}

/**
 * What the exported graph outputs, widened to double: multiclass probabilities (softmax in double
 * of the float32 margins, rounded to float32, as Cast → Softmax → Cast) or regression predictions.
 */
export function predictEnsemble(model: GbdtEnsemble, values: Float64Array, n: number): Float64Array {
  const m = predictEnsembleMargins(model, values, n);
  if (model.task === 'regression') return Float64Array.from(m);
  const k = model.nOutputs;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let mx = m[i * k];
    for (let c = 1; c < k; c++) if (m[i * k + c] > mx) mx = m[i * k + c];
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(m[i * k + c] - mx);
      out[i * k + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) out[i * k + c] = Math.fround(out[i * k + c] / s);
  }
  return out;
}
