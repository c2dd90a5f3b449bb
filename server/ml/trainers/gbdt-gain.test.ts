// Gain importance checked against an independent computation: the trees are replayed on the
// training rows (margins from the earlier trees, log-loss gradients, rows routed by the float32
// thresholds, node sums of g and h) and each split's loss reduction recomputed from the formula,
// without the histograms that grew the trees. The per-column totals must match the recorded ones.
import { describe, expect, it } from 'vitest';
import { GAIN_PREFIX, gainsFromSummary, totalGainByColumn } from './gbdt-gain';
import { fitGbdt, gbdtTrainer, parseGbdtParams, predictMargins, type GbdtModel } from './gbdt';
import { sigmoid } from './gbdt-model';
import { mulberry32 } from './gbdt-rng';
import type { FeatureMatrix } from './types';

function data(n: number, seed: number): { X: FeatureMatrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const d = 4;
  const values = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) values[i * d + j] = r() * 2 - 1;
    // x0 matters most, x1 a little, x2 and x3 are noise.
    y[i] = values[i * d] + 0.3 * values[i * d + 1] + 0.2 * (r() - 0.5) > 0 ? 1 : 0;
  }
  return { X: { values, n, d, featureNames: ['x0', 'x1', 'x2', 'x3'] }, y };
}

/** Split gains recomputed from the tree structure and the training rows alone. */
function replayGains(model: GbdtModel, X: FeatureMatrix, y: Uint8Array, lambda: number): number[][] {
  const x = Float32Array.from(X.values);
  const out: number[][] = [];
  for (let t = 0; t < model.trees.length; t++) {
    const margins = predictMargins({ ...model, trees: model.trees.slice(0, t) }, X.values, X.n);
    const tree = model.trees[t];
    const G = new Float64Array(tree.feature.length);
    const H = new Float64Array(tree.feature.length);
    for (let i = 0; i < X.n; i++) {
      const p = sigmoid(margins[i]);
      const g = p - y[i];
      const h = p * (1 - p);
      let k = 0;
      for (;;) {
        G[k] += g;
        H[k] += h;
        if (tree.feature[k] < 0) break;
        k = x[i * X.d + tree.feature[k]] <= tree.threshold[k] ? tree.left[k] : tree.right[k];
      }
    }
    const score = (k: number) => (G[k] * G[k]) / (H[k] + lambda);
    out.push(tree.feature.map((f, k) => (f < 0 ? 0 : score(tree.left[k]) + score(tree.right[k]) - score(k))));
  }
  return out;
}

describe('gbdt gain importance', () => {
  it('records each split gain as the replayed loss reduction, and totals them per column', async () => {
    const { X, y } = data(600, 7);
    const params = parseGbdtParams({ n_trees: 15, max_depth: 3, min_samples_leaf: 10, l2: 2, early_stopping_rounds: 0 });
    const model = await fitGbdt(X, y, params, { seed: 1 });
    const replayed = replayGains(model, X, y, params.l2);
    let splits = 0;
    model.trees.forEach((tree, t) =>
      tree.feature.forEach((f, k) => {
        if (f < 0) return expect(tree.gain![k]).toBe(0);
        splits++;
        expect(tree.gain![k]).toBeGreaterThan(0);
        expect(Math.abs(tree.gain![k] - replayed[t][k])).toBeLessThan(1e-6 * Math.max(1, replayed[t][k]));
      }),
    );
    expect(splits).toBeGreaterThan(20);
    const totals = totalGainByColumn(model.trees, X.featureNames)!;
    const expected = [0, 1, 2, 3].map((j) => replayed.reduce((s, gains, t) => s + gains.reduce((a, g, k) => a + (model.trees[t].feature[k] === j ? g : 0), 0), 0));
    X.featureNames.forEach((name, j) => expect(totals[`${GAIN_PREFIX}${name}`]).toBeCloseTo(expected[j], 6));
    // The informative column dominates; the noise columns get little.
    expect(totals['gain:x0']).toBeGreaterThan(5 * totals['gain:x2']);
    expect(totals['gain:x0']).toBeGreaterThan(totals['gain:x1']);
  });

  it('is in the trainer summary as gain:<column> numbers, read back by gainsFromSummary', async () => {
    const { X, y } = data(300, 3);
    const trained = await gbdtTrainer.train(X, y, parseGbdtParams({ n_trees: 5, max_depth: 2, early_stopping_rounds: 0 }), { seed: 2 });
    const back = gainsFromSummary(trained.summary);
    expect([...back.keys()]).toEqual(['x0', 'x1', 'x2', 'x3']);
    expect(back.get('x0')).toBeGreaterThan(0);
    expect(trained.summary.trees).toBe(5);
  });

  it('says nothing for trees without recorded gains, and ignores foreign summary entries', () => {
    expect(totalGainByColumn([{ feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0.1] }], ['a'])).toBeNull();
    expect(gainsFromSummary(null).size).toBe(0);
    expect([...gainsFromSummary({ trees: 3, 'gain:a': 1.5, 'gain:b': 'x', 'gain:c': Number.NaN }).entries()]).toEqual([['a', 1.5]]);
  });
});
