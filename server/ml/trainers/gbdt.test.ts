import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitGbdt, gbdtTrainer, parseGbdtParams, predictGbdt, predictMargins, trainGbdt } from './gbdt';
import { fastAuc } from './gbdt-auc';
import { binFeatures, binOf, columnCuts, sortFloat32 } from './gbdt-binning';
import { MIN_THREADED_WORK, threadedLevelCount } from './gbdt-tree';
import { workerUnitCount } from './gbdt-threads';
import { mulberry32 } from './gbdt-rng';
import { TrainingCancelled, type FeatureMatrix } from './types';

const fixture = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../tests/reference/fixtures/gbdt.json'), 'utf8'),
);

function matrix(rows: number[][]): FeatureMatrix {
  const n = rows.length;
  const d = rows[0].length;
  return { values: Float64Array.from(rows.flat()), n, d, featureNames: Array.from({ length: d }, (_, i) => `f${i}`) };
}

/** A separable-ish synthetic set: y = 1 iff x0 + 0.5·x1 > 0.2, plus 3 noise features. */
function synthetic(n: number, seed: number): { X: FeatureMatrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const rows: number[][] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: 5 }, () => r() * 2 - 1);
    rows.push(row);
    y[i] = row[0] + 0.5 * row[1] > 0.2 ? 1 : 0;
  }
  return { X: matrix(rows), y };
}

describe('gbdt parameters', () => {
  it('fills defaults', () => {
    expect(parseGbdtParams({})).toEqual({
      n_trees: 100, max_depth: 6, learning_rate: 0.1, min_samples_leaf: 20, l2: 1, max_bins: 255, subsample: 1, colsample: 1,
      early_stopping_rounds: 20,
    });
  });
  it('names unknown keys and bad values', () => {
    expect(() => parseGbdtParams({ n_tree: 5 })).toThrow(/unknown gbdt parameter\(s\): n_tree/);
    expect(() => parseGbdtParams({ max_bins: 300 })).toThrow(/max_bins/);
    expect(() => parseGbdtParams({ learning_rate: 0 })).toThrow(/learning_rate/);
    expect(() => parseGbdtParams({ max_depth: 2.5 })).toThrow(/max_depth/);
    expect(gbdtTrainer.paramsSchema.safeParse({ subsample: 1.5 }).success).toBe(false);
  });
});

describe('gbdt binning', () => {
  it('cuts between distinct float32 values and bins by fround(x) <= cut', () => {
    const cuts = columnCuts(Float32Array.from([1, 1, 2, 4]), 255);
    expect(Array.from(cuts)).toEqual([1.5, 3]);
    expect(binOf(cuts, 1)).toBe(0);
    expect(binOf(cuts, 1.5)).toBe(0);
    expect(binOf(cuts, 2)).toBe(1);
    expect(binOf(cuts, 3.5)).toBe(2);
    expect(binOf(cuts, Number.NaN)).toBe(2);
  });
  it('radix-sorts float32 values like the native sort', () => {
    const r = mulberry32(9);
    const v = Float32Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 0 : (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6)));
    v[1] = -0;
    v[2] = Infinity;
    v[3] = -Infinity;
    v[4] = 3.4028234663852886e38;
    v[5] = 1e-45;
    v[6] = -1e-45;
    const expected = Float32Array.from(v).sort();
    const got = Float32Array.from(v);
    sortFloat32(got, new Uint32Array(v.length), new Uint32Array(3 * 2048));
    // −0 comes out as +0 (equal values); everything else in the same order.
    expect(Array.from(got)).toEqual(Array.from(expected).map((x) => (x === 0 ? 0 : x)));
  });

  it('bins a matrix by binOf on float32 values, NaN last', () => {
    const values = Float64Array.from([0.1, 5, Number.NaN, 5, 0.2, 7, 0.3, Number.NaN, 1e30, 5]);
    const fb = binFeatures(values, 5, 2, 255);
    for (let i = 0; i < 5; i++) {
      for (let f = 0; f < 2; f++) expect(fb.bins[i * 2 + f]).toBe(binOf(fb.cuts[f], Math.fround(values[i * 2 + f])));
    }
    expect(fb.bins[1 * 2 + 0]).toBe(fb.cuts[0].length);
    expect(fb.bins[3 * 2 + 1]).toBe(fb.cuts[1].length);
  });

  it('caps the bin count with quantile cuts', () => {
    const v = Float32Array.from({ length: 1000 }, (_, i) => i);
    const cuts = columnCuts(v, 4);
    expect(cuts.length).toBe(3);
    expect(Array.from(cuts)).toEqual([249.5, 499.5, 749.5]);
  });
});

describe('gbdt training', () => {
  it('matches a hand computation: first split and leaf values', async () => {
    // x = 1..4, y = 0,0,1,1: base rate ½ → base score 0, p = ½, g = p − y = (½, ½, −½, −½), h = ¼.
    // Gain of x ≤ 2.5: GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ) = 1/1.5 + 1/1.5 − 0 = 4/3, better than
    // x ≤ 1.5 or x ≤ 3.5 (0.25/1.25 + 0.25/1.75 = 0.343). Leaves −η·G/(H+λ) = ∓1/1.5 with η = 1.
    const X = matrix([[1, 9], [2, 9], [3, 9], [4, 9]]);
    const y = Uint8Array.from([0, 0, 1, 1]);
    const m = await trainGbdt(X, y, { n_trees: 2, max_depth: 1, min_samples_leaf: 1, learning_rate: 1, l2: 1 }, { seed: 0 });
    expect(m.baseScore).toBe(0);
    const t0 = m.trees[0];
    expect(t0.feature[0]).toBe(0);
    expect(t0.threshold[0]).toBe(2.5);
    expect(t0.value[t0.left[0]]).toBe(Math.fround(-2 / 3));
    expect(t0.value[t0.right[0]]).toBe(Math.fround(2 / 3));
    // Tree 2: left rows sit at margin fround(−2/3), p = σ(−2/3), y = 0: G = 2p, H = 2p(1 − p).
    const p = 1 / (1 + Math.exp(-Math.fround(-2 / 3)));
    const t1 = m.trees[1];
    expect(t1.threshold[0]).toBe(2.5);
    const expectedLeft = -(2 * p) / (2 * p * (1 - p) + 1);
    // Leaves are stored as float32: agreement to float32 precision.
    expect(Math.abs(t1.value[t1.left[0]] - expectedLeft)).toBeLessThan(1e-7 * Math.abs(expectedLeft));
    expect(t1.value[t1.right[0]]).toBe(-t1.value[t1.left[0]]);
  });

  it('matches XGBoost exact margins on a small data set', async () => {
    // XGBoost `exact` with min_child_weight 0 and base_score = positive rate grows the same trees
    // (integer features: our cuts are exactly its candidate splits); margins agree up to float32
    // rounding of leaves and sums (tolerance 1e-5 for 5 trees of float32 additions).
    const fx = fixture.xgb;
    const X = matrix(fx.X);
    const y = Uint8Array.from(fx.y);
    const m = await trainGbdt(
      X, y,
      { n_trees: fx.n_trees, learning_rate: fx.params.eta, max_depth: fx.params.max_depth, l2: fx.params.lambda, min_samples_leaf: 1 },
      { seed: 1 },
    );
    const margins = predictMargins(m, X.values, X.n);
    for (let i = 0; i < X.n; i++) expect(Math.abs(margins[i] - fx.margins[i])).toBeLessThan(1e-5);
  });

  it('is deterministic: same inputs and seed give bit-identical trees', async () => {
    const { X, y } = synthetic(3000, 11);
    const params = { n_trees: 15, subsample: 0.7, colsample: 0.6, max_depth: 4 };
    const a = await trainGbdt(X, y, params, { seed: 42 });
    const b = await trainGbdt(X, y, params, { seed: 42 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = await trainGbdt(X, y, params, { seed: 43 });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('gives the same bits with 1, 2 and 3 threads, run after run, and actually uses the threads', async () => {
    // Big enough that every tree takes the threaded path (MIN_THREADED_WORK), with column and row
    // sampling so the feature blocks are irregular, and a validation set for the step metrics.
    const { X, y } = synthetic(6000, 21);
    expect(X.n * X.d * 0.8).toBeGreaterThan(MIN_THREADED_WORK);
    const v = synthetic(500, 22);
    const params = { n_trees: 12, subsample: 0.9, colsample: 0.8, max_depth: 5, min_samples_leaf: 5 };
    const run = async (threads: number) => {
      const steps: Record<string, number>[] = [];
      const m = await trainGbdt(X, y, params, { seed: 7, threads, validation: v, onProgress: (p) => void steps.push(p.metrics) });
      return JSON.stringify({ m, steps });
    };
    const before = threadedLevelCount();
    const workerUnits = workerUnitCount();
    const one = await run(1);
    expect(threadedLevelCount()).toBe(before);
    const two = await run(2);
    const afterTwo = threadedLevelCount();
    expect(afterTwo).toBeGreaterThan(before + 12);
    expect(two).toBe(one);
    expect(await run(2)).toBe(one);
    expect(await run(3)).toBe(one);
    expect(threadedLevelCount()).toBeGreaterThan(afterTwo);
    // Units are shared out dynamically; over ~150 levels the workers certainly took some.
    expect(workerUnitCount()).toBeGreaterThan(workerUnits);
    expect(await run(1)).toBe(one);
    // A nonsense thread count falls back to one thread, never to a different model.
    expect(await run(Number.NaN)).toBe(one);
  });

  it('reaches AUC > 0.95 on a clearly separable set and reports step metrics', async () => {
    const { X, y } = synthetic(4000, 3);
    const v = synthetic(1000, 4);
    const steps: Record<string, number>[] = [];
    const m = await fitGbdt(X, y, parseGbdtParams({ n_trees: 30 }), {
      seed: 1,
      validation: { X: v.X, y: v.y },
      onProgress: (p) => {
        steps.push(p.metrics);
        expect(p.total).toBe(30);
      },
    });
    expect(steps.length).toBe(30);
    expect(steps[29].valid_auc).toBeGreaterThan(0.95);
    expect(steps[29].loss).toBeLessThan(steps[0].loss);
    // The reported train AUC is that of the model's own predictions.
    expect(steps[29].train_auc).toBe(fastAuc(predictMargins(m, X.values, X.n), y));
    const pv = predictGbdt(m, v.X.values, v.X.n);
    expect(fastAuc(pv, v.y)).toBeGreaterThan(0.95);
  });

  it('honours shouldStop between trees', async () => {
    const { X, y } = synthetic(500, 5);
    let seen = 0;
    await expect(
      trainGbdt(X, y, { n_trees: 50 }, { seed: 1, onProgress: () => void seen++, shouldStop: () => seen >= 3 }),
    ).rejects.toBeInstanceOf(TrainingCancelled);
    expect(seen).toBe(3);
  });

  it('rejects single-class labels and mismatched shapes', async () => {
    const X = matrix([[1], [2]]);
    await expect(trainGbdt(X, Uint8Array.from([1, 1]), {}, { seed: 1 })).rejects.toThrow(/one class/);
    await expect(trainGbdt(X, Uint8Array.from([1]), {}, { seed: 1 })).rejects.toThrow(/labels/);
  });
});

describe('fastAuc', () => {
  it('matches scikit-learn roc_auc_score with ties', () => {
    const a = fixture.auc;
    const auc = fastAuc(Float32Array.from(a.scores), Uint8Array.from(a.labels));
    expect(Math.abs(auc - a.auc)).toBeLessThan(1e-12);
  });
});
