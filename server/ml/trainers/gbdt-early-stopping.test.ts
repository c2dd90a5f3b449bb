// Early stopping of the GBDT boosting loop (binary, multiclass, regression) and its hand-off from
// the holdout fit to the final fit in trainModel.
import { describe, expect, it } from 'vitest';
import { buildTable } from '../data/table';
import { trainModel } from '../training/train-model';
import { fitGbdt, parseGbdtParams } from './gbdt';
import { fitGbdtTask } from './gbdt-tasks';
import { mulberry32 } from './gbdt-rng';
import type { FeatureMatrix } from './types';

/** Weak signal in x0 plus label noise: deep trees overfit within a few dozen rounds. */
function noisy(n: number, seed: number): { X: FeatureMatrix; y: Uint8Array; cls: Int32Array; v: Float64Array } {
  const r = mulberry32(seed);
  const d = 4;
  const values = new Float64Array(n * d);
  const y = new Uint8Array(n);
  const cls = new Int32Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) values[i * d + j] = r();
    const s = values[i * d] - 0.5;
    y[i] = r() < 0.5 + 0.3 * s ? 1 : 0;
    cls[i] = r() < 0.6 ? (s > 0 ? 0 : 1) : Math.floor(r() * 3);
    v[i] = 2 * s + 2 * (r() - 0.5);
  }
  return { X: { values, n, d, featureNames: ['a', 'b', 'c', 'd'] }, y, cls, v };
}

const train = noisy(800, 1);
const valid = noisy(400, 2);
const deep = { n_trees: 300, max_depth: 6, min_samples_leaf: 2, learning_rate: 0.3 };

describe('GBDT early stopping', () => {
  it('binary: stops early_stopping_rounds after the best validation loss and keeps the best round', async () => {
    const steps: Record<string, number>[] = [];
    const m = await fitGbdt(train.X, train.y, parseGbdtParams({ ...deep, early_stopping_rounds: 10 }), {
      seed: 1,
      validation: { X: valid.X, y: valid.y },
      onProgress: (p) => void steps.push(p.metrics),
    });
    const losses = steps.map((s) => s.valid_loss);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(m.bestIteration).toBe(best);
    expect(steps.length).toBe(best + 10);
    expect(steps.length).toBeLessThan(300);
    expect(m.trees.length).toBe(best);
  });

  it('does not run without validation rows, with early_stopping_rounds 0, or when rounds is given', async () => {
    const params = parseGbdtParams({ ...deep, n_trees: 40 });
    const noValid = await fitGbdt(train.X, train.y, params, { seed: 1 });
    expect(noValid.trees.length).toBe(40);
    expect(noValid.bestIteration).toBeNull();
    const off = await fitGbdt(train.X, train.y, { ...params, early_stopping_rounds: 0 }, { seed: 1, validation: { X: valid.X, y: valid.y } });
    expect(off.trees.length).toBe(40);
    const fixed = await fitGbdt(train.X, train.y, params, { seed: 1, validation: { X: valid.X, y: valid.y }, rounds: 7 });
    expect(fixed.trees.length).toBe(7);
    expect(fixed.bestIteration).toBeNull();
    // `rounds` trains the same first trees as a longer fit: it is a prefix, not another model.
    expect(JSON.stringify(fixed.trees)).toBe(JSON.stringify(noValid.trees.slice(0, 7)));
    await expect(fitGbdt(train.X, train.y, params, { seed: 1, rounds: 0 })).rejects.toThrow(/rounds must be a positive integer/);
  });

  it('multiclass keeps k trees per kept round; regression stops on squared error', async () => {
    const classes = ['a', 'b', 'c'];
    const mc = await fitGbdtTask(train.X, { task: 'multiclass', y: train.cls, classes }, parseGbdtParams({ ...deep, early_stopping_rounds: 5 }), {
      seed: 3,
      validation: { X: valid.X, target: { task: 'multiclass', y: valid.cls, classes } },
    });
    expect(mc.bestIteration).toBeGreaterThan(0);
    expect(mc.bestIteration).toBeLessThan(300);
    expect(mc.trees.length).toBe(3 * mc.bestIteration!);
    const steps: number[] = [];
    const reg = await fitGbdtTask(train.X, { task: 'regression', y: train.v }, parseGbdtParams({ ...deep, early_stopping_rounds: 5 }), {
      seed: 3,
      validation: { X: valid.X, target: { task: 'regression', y: valid.v } },
      onProgress: (p) => void steps.push(p.metrics.valid_rmse),
    });
    expect(reg.trees.length).toBe(steps.indexOf(Math.min(...steps)) + 1);
    expect(steps.length).toBe(reg.trees.length + 5);
  });

  it('trainModel: the final fit trains the rounds the holdout fit kept, recorded in lineage', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => {
      const base = i * 4;
      return [...Array.from(train.X.values.subarray(base, base + 4), (x) => x.toFixed(4)), String(train.y[i])];
    });
    const table = buildTable(['a', 'b', 'c', 'd', 'y'], rows);
    const r = await trainModel({ table, target: 'y', trainer: 'gbdt', params: { ...deep, early_stopping_rounds: 8 }, seed: 4 });
    const holdout = r.stepMetrics.filter((s) => s.phase === 'holdout');
    const final = r.stepMetrics.filter((s) => s.phase === 'final');
    const losses = holdout.map((s) => s.metrics.valid_loss);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(r.lineage.best_iteration).toBe(best);
    expect(holdout.length).toBe(best + 8);
    expect(final.length).toBe(best);
    expect(r.summary).toMatchObject({ trees: best, best_iteration: best });
    const again = await trainModel({ table, target: 'y', trainer: 'gbdt', params: { ...deep, early_stopping_rounds: 8 }, seed: 4 });
    expect(again.artifactSha256).toBe(r.artifactSha256);
  });
});
