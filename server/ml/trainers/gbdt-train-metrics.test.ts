// The binary GBDT reports its training AUC at round 1, every TRAIN_AUC_EVERY rounds and at the last
// round (a sort of every row each time); the loss every round. Where reported it must be the exact
// AUC of the model so far, and how often it is reported must never change the model.
import { describe, expect, it } from 'vitest';
import { boost } from './gbdt-boost';
import { predictMargins, type GbdtModel } from './gbdt-model';
import { binaryObjective, softmaxObjective, TRAIN_AUC_EVERY } from './gbdt-objectives';
import { parseGbdtParams, type GbdtParams } from './gbdt-params';
import { mulberry32 } from './gbdt-rng';
import type { FeatureMatrix } from './types';

/** Coarse (tied) features and a noisy label: margins tie often, which the AUC must count as ½. */
function data(n: number, seed: number): { X: FeatureMatrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const d = 3;
  const values = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) values[i * d + j] = Math.floor(r() * 6);
    y[i] = r() < 0.2 + 0.1 * values[i * d] ? 1 : 0;
  }
  return { X: { values, n, d, featureNames: ['a', 'b', 'c'] }, y };
}

/** Mann–Whitney over every (positive, negative) pair, ties ½: the definition, no sorting. */
function bruteAuc(scores: Float32Array, y: Uint8Array): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      if (scores[i] > scores[j]) wins++;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

async function fit(params: GbdtParams, every?: number, valid?: { X: FeatureMatrix; y: Uint8Array }) {
  const objective = binaryObjective(train.y, valid?.y);
  const steps: Record<string, number>[] = [];
  const r = await boost(train.X, objective, params, {
    seed: 3,
    validation: valid?.X,
    trainMetricsEvery: every,
    onProgress: (p) => void steps.push(p.metrics),
  });
  const model = (rounds: number): GbdtModel => ({
    kind: 'gbdt',
    featureNames: train.X.featureNames,
    nFeatures: train.X.d,
    baseScore: objective.base[0],
    params,
    trees: r.trees.slice(0, rounds),
    bestIteration: null,
  });
  return { r, steps, model };
}

const train = data(600, 1);
const params = parseGbdtParams({ n_trees: 25, max_depth: 3, min_samples_leaf: 5, learning_rate: 0.3 });

describe('GBDT training metric cadence', () => {
  it('reports the train AUC at round 1, every TRAIN_AUC_EVERY rounds and the last, exact there; the loss every round', async () => {
    expect(TRAIN_AUC_EVERY).toBe(10);
    const { steps, model } = await fit(params);
    expect(steps.length).toBe(25);
    const withAuc = steps.flatMap((s, i) => ('train_auc' in s ? [i + 1] : []));
    expect(withAuc).toEqual([1, 10, 20, 25]);
    for (const s of steps) expect(Number.isFinite(s.loss)).toBe(true);
    for (const round of withAuc) {
      const m = model(round);
      expect(steps[round - 1].train_auc).toBe(bruteAuc(predictMargins(m, train.X.values, train.X.n), train.y));
    }
    // The metrics keep their order (charts name series in order of first appearance).
    expect(Object.keys(steps[0])).toEqual(['loss', 'train_auc']);
  });

  it('never changes the model or the loss: every round vs the default cadence', async () => {
    const every = await fit(params, 1);
    const sparse = await fit(params);
    expect(JSON.stringify(sparse.r.trees)).toBe(JSON.stringify(every.r.trees));
    expect(every.steps.every((s) => 'train_auc' in s)).toBe(true);
    sparse.steps.forEach((s, i) => {
      expect(s.loss).toBe(every.steps[i].loss);
      if ('train_auc' in s) expect(s.train_auc).toBe(every.steps[i].train_auc);
    });
  });

  it('reports it at the round early stopping stops on, and keeps validation metrics every round', async () => {
    const valid = data(300, 2);
    const long = parseGbdtParams({ n_trees: 300, max_depth: 6, min_samples_leaf: 2, learning_rate: 0.5, early_stopping_rounds: 5 });
    const { r, steps } = await fit(long, undefined, valid);
    expect(r.bestIteration).not.toBeNull();
    expect(steps.length).toBe(r.bestIteration! + 5);
    expect(steps.length).toBeLessThan(300);
    expect('train_auc' in steps[steps.length - 1]).toBe(true);
    for (const s of steps) expect(Object.keys(s).filter((k) => k.startsWith('valid_'))).toEqual(['valid_loss', 'valid_auc']);
    // The stopping round does not depend on the cadence either.
    const every = await fit(long, 1, valid);
    expect(every.steps.length).toBe(steps.length);
    expect(JSON.stringify(every.r.trees)).toBe(JSON.stringify(r.trees));
  });

  it('keeps cheap training metrics on every round and refuses a nonsense cadence', async () => {
    const cls = Int32Array.from(train.y);
    const steps: Record<string, number>[] = [];
    await boost(train.X, softmaxObjective(cls, 2), parseGbdtParams({ n_trees: 12, max_depth: 2 }), { seed: 1, onProgress: (p) => void steps.push(p.metrics) });
    expect(steps.every((s) => 'train_accuracy' in s)).toBe(true);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await expect(boost(train.X, binaryObjective(train.y), params, { seed: 1, trainMetricsEvery: bad })).rejects.toThrow(/trainMetricsEvery/);
    }
  });
});
