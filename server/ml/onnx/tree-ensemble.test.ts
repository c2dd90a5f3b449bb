import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { gbdtTrainer, predictGbdt, trainGbdt, type GbdtModel } from '../trainers/gbdt';
import { mulberry32 } from '../trainers/gbdt-rng';
import type { FeatureMatrix } from '../trainers/types';
import { modelPartGraph } from './model-part';
import { gbdtPart, treeEnsembleAttributes } from './tree-ensemble';

function data(n: number, seed: number): { X: FeatureMatrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const d = 4;
  const values = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // Doubles with more precision than float32, so the Cast to float matters.
    for (let f = 0; f < d; f++) values[i * d + f] = (r() - 0.5) * 10 + r() * 1e-9;
    const z = values[i * d] - 0.5 * values[i * d + 1] * values[i * d + 2] + Math.sin(values[i * d + 3]);
    y[i] = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  // A NaN (goes to the false branch in both) and values sitting exactly on a float32 cut.
  values[0] = Number.NaN;
  return { X: { values, n, d, featureNames: ['a', 'b', 'c', 'd'] }, y };
}

async function runOnnx(model: GbdtModel, X: FeatureMatrix, threads?: number): Promise<Float32Array> {
  const bytes = modelPartGraph(gbdtPart(model), X.d).toBytes();
  const session = await ort.InferenceSession.create(bytes, threads ? { intraOpNumThreads: threads } : {});
  const out = await session.run({ features: new ort.Tensor('float64', X.values, [X.n, X.d]) });
  expect(out.probability.dims).toEqual([X.n, 1]);
  expect(out.probability.type).toBe('float32');
  return out.probability.data as Float32Array;
}

describe('GBDT ONNX export (ai.onnx.ml TreeEnsemble-5)', () => {
  it('matches predictGbdt bit for bit with one thread and within 1e-6 with default threads', async () => {
    const { X, y } = data(2000, 9);
    const m = await trainGbdt(X, y, { n_trees: 120, max_depth: 5, min_samples_leaf: 5 }, { seed: 3 });
    // Put a training value exactly on a threshold: `<=` must send it left in both.
    const t = m.trees[0];
    X.values[1 * X.d + t.feature[0]] = t.threshold[0];
    // A single-leaf tree exercises the dummy-root encoding.
    m.trees.push({ feature: [-1], threshold: [0], left: [-1], right: [-1], value: [Math.fround(0.03125)] });
    const ours = predictGbdt(m, X.values, X.n);
    const one = await runOnnx(m, X, 1);
    for (let i = 0; i < X.n; i++) expect(one[i]).toBe(ours[i]);
    // Default threads: onnxruntime may sum blocks of trees per thread (float32 rounding order).
    const many = await runOnnx(m, X);
    let worst = 0;
    for (let i = 0; i < X.n; i++) worst = Math.max(worst, Math.abs(many[i] - ours[i]));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('exports through the trainer registry contract', async () => {
    const { X, y } = data(600, 10);
    const trained = await gbdtTrainer.train(X, y, gbdtTrainer.paramsSchema.parse({ n_trees: 10 }), { seed: 1 });
    const bytes = modelPartGraph(trained.onnxPart, X.d).toBytes();
    const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
    const out = await session.run({ features: new ort.Tensor('float64', X.values, [X.n, X.d]) });
    const p = out.probability.data as Float32Array;
    const q = trained.predict(X);
    for (let i = 0; i < X.n; i++) expect(p[i]).toBe(q[i]);
  });

  it('encodes interior nodes and leaves separately, with an interior root per tree', () => {
    const attrs = treeEnsembleAttributes([
      // x0 <= 1.5 ? 0.25 : (x1 <= 2.5 ? -0.5 : 0.75)
      { feature: [0, -1, 1, -1, -1], threshold: [1.5, 0, 2.5, 0, 0], left: [1, -1, 3, -1, -1], right: [2, -1, 4, -1, -1], value: [0, 0.25, 0, -0.5, 0.75] },
      { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0.125] },
    ]);
    expect(attrs.tree_roots).toEqual([0, 2]);
    expect(attrs.nodes_featureids).toEqual([0, 1, 0]);
    expect(attrs.nodes_splits).toEqual([1.5, 2.5, 0]);
    expect(attrs.nodes_truenodeids).toEqual([0, 1, 3]);
    expect(attrs.nodes_trueleafs).toEqual([1, 1, 1]);
    expect(attrs.nodes_falsenodeids).toEqual([1, 2, 3]);
    expect(attrs.nodes_falseleafs).toEqual([0, 1, 1]);
    expect(attrs.leaf_weights).toEqual([0.25, -0.5, 0.75, 0.125]);
    expect(attrs.leaf_targetids).toEqual([0, 0, 0, 0]);
  });
});
