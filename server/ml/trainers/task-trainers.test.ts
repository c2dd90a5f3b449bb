// Multiclass and regression trainers against scikit-learn 1.2.1 and XGBoost 1.7
// (fixture from tests/reference/task_trainers_reference.py).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { multiclassMetrics } from '../metrics/multiclass';
import { regressionMetrics } from '../metrics/regression';
import { fitGbdtTask, gbdtMulticlassTrainer, gbdtRegressionTrainer } from './gbdt-tasks';
import { predictEnsemble, predictEnsembleMargins } from './gbdt-model';
import { parseGbdtParams } from './gbdt-params';
import { fitRidge, ridgeParamsSchema, ridgeTrainer } from './ridge';
import { fitSoftmax, predictSoftmax, softmaxParamsSchema, softmaxTrainer } from './softmax';
import type { FeatureMatrix } from './types';

const fx = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../tests/reference/fixtures/task-trainers.json'), 'utf8'));

function matrix(values: number[] | number[][], d?: number): FeatureMatrix {
  const flat = Array.isArray(values[0]) ? (values as number[][]).flat() : (values as number[]);
  const dd = d ?? (values[0] as number[]).length;
  return { values: Float64Array.from(flat), n: flat.length / dd, d: dd, featureNames: Array.from({ length: dd }, (_, j) => `x${j}`) };
}

describe('softmax logistic regression vs scikit-learn LogisticRegression(multinomial, C = 1/l2)', () => {
  const s = fx.softmax;
  const X = matrix(s.X, s.d);
  const target = { task: 'multiclass' as const, y: Int32Array.from(s.y), classes: ['a', 'b', 'c'] };
  const cases = s.cases as { l2: number; optimum_proba: number[]; sklearn_proba: number[]; optimum_log_loss: number }[];
  it.each(cases.map((c) => [c.l2, c] as const))('l2 = %s', async (l2, c) => {
    const m = await fitSoftmax(X, target, softmaxParamsSchema.parse({ l2, max_iter: 2000, tol: 1e-10 }));
    expect(m.converged).toBe(true);
    const p = predictSoftmax(X, m.coef, m.intercept);
    // The exact optimum's probabilities (Newton-polished): we stop at a mean gradient of 1e-10.
    let maxOpt = 0;
    let maxSk = 0;
    for (let i = 0; i < p.length; i++) {
      maxOpt = Math.max(maxOpt, Math.abs(p[i] - c.optimum_proba[i]));
      maxSk = Math.max(maxSk, Math.abs(p[i] - c.sklearn_proba[i]));
    }
    expect(maxOpt).toBeLessThan(1e-7);
    // sklearn itself stops on SciPy's ftol, so it is good to ~1e-4.
    expect(maxSk).toBeLessThan(1e-4);
    const ll = multiclassMetrics(target.y, p, target.classes).log_loss;
    expect(Math.abs(ll - c.optimum_log_loss)).toBeLessThan(1e-9);
  });

  it('is deterministic and reports progress; stops when asked', async () => {
    const params = softmaxParamsSchema.parse({});
    const steps: number[] = [];
    const a = await fitSoftmax(X, target, params, { onProgress: (p) => void steps.push(p.metrics.loss) });
    const b = await fitSoftmax(X, target, params);
    expect(Buffer.from(a.coef.buffer).equals(Buffer.from(b.coef.buffer))).toBe(true);
    expect(steps.length).toBe(a.iterations);
    expect(steps[steps.length - 1]).toBeLessThan(steps[0]);
    await expect(softmaxTrainer.train(X, target, params, { seed: 0, shouldStop: () => true })).rejects.toThrow(/cancelled/);
    expect(() => softmaxParamsSchema.parse({ l2: 1, n_trees: 2 })).toThrow(/n_trees/);
  });
});

describe('ridge vs scikit-learn Ridge(alpha = l2)', () => {
  const r = fx.ridge;
  const X = matrix(r.X, r.d);
  const target = { task: 'regression' as const, y: Float64Array.from(r.y) };
  const cases = r.cases as { l2: number; coef: number[]; intercept: number }[];
  it.each(cases.map((c) => [c.l2, c] as const))('l2 = %s', (l2, c) => {
    const m = fitRidge(X, target, ridgeParamsSchema.parse({ l2 }));
    for (let j = 0; j < r.d; j++) expect(Math.abs(m.coef[j] - c.coef[j])).toBeLessThan(1e-9 * Math.max(1, Math.abs(c.coef[j])));
    expect(Math.abs(m.intercept - c.intercept)).toBeLessThan(1e-9 * Math.max(1, Math.abs(c.intercept)));
  });

  it('names the problem of an unpenalised fit on collinear features', async () => {
    const X2 = matrix([[1, 2], [2, 4], [3, 6]]);
    const t = { task: 'regression' as const, y: Float64Array.from([1, 2, 3]) };
    expect(() => fitRidge(X2, t, { l2: 0 })).toThrow(/l2 = 0 has no unique solution/);
    const ok = await ridgeTrainer.train(X2, t, { l2: 1 }, { seed: 0 });
    expect(ok.width).toBe(1);
  });
});

describe('GBDT multiclass and regression vs XGBoost exact', () => {
  it('multiclass: softmax margins after 5 rounds match multi:softprob from the same base margins', async () => {
    const c = fx.xgb_multiclass;
    const X = matrix(c.X);
    const target = { task: 'multiclass' as const, y: Int32Array.from(c.y), classes: ['0', '1', '2'] };
    const params = parseGbdtParams({ n_trees: c.rounds, learning_rate: c.params.eta, max_depth: c.params.max_depth, l2: c.params.lambda, min_samples_leaf: 1 });
    const m = await fitGbdtTask(X, target, params, { seed: 1 });
    expect(m.baseScores).toEqual(c.base_margins.map((b: number) => Math.fround(b)));
    expect(m.trees.length).toBe(15);
    expect(m.treeOutputs.slice(0, 6)).toEqual([0, 1, 2, 0, 1, 2]);
    const margins = predictEnsembleMargins(m, X.values, X.n);
    let max = 0;
    for (let i = 0; i < margins.length; i++) max = Math.max(max, Math.abs(margins[i] - c.margins[i]));
    // XGBoost computes its softmax gradients in float32, we in double: leaves agree to ~1e-7.
    expect(max).toBeLessThan(1e-5);
  });

  it('regression: predictions after 5 rounds match reg:squarederror from the mean', async () => {
    const c = fx.xgb_regression;
    const X = matrix(c.X);
    const target = { task: 'regression' as const, y: Float64Array.from(c.y) };
    const params = parseGbdtParams({ n_trees: c.rounds, learning_rate: c.params.eta, max_depth: c.params.max_depth, l2: c.params.lambda, min_samples_leaf: 1 });
    const m = await fitGbdtTask(X, target, params, { seed: 1 });
    expect(m.baseScores[0]).toBe(Math.fround(c.params.base_score));
    const p = predictEnsemble(m, X.values, X.n);
    for (let i = 0; i < X.n; i++) expect(Math.abs(p[i] - c.predictions[i])).toBeLessThan(1e-4);
  });
});

describe('quality on held-out data against XGBoost hist and scikit-learn', () => {
  const q = fx.quality;
  const Xtr = matrix(q.X_train);
  const Xte = matrix(q.X_test);
  const gbdtParams = parseGbdtParams({ n_trees: q.params.rounds, learning_rate: q.params.eta, max_depth: q.params.max_depth, l2: q.params.lambda, min_samples_leaf: 5, early_stopping_rounds: 0 });
  const classes = ['0', '1', '2'];

  it('multiclass GBDT: test log-loss within 0.02 of XGBoost, logreg equal to sklearn', async () => {
    const g = await gbdtMulticlassTrainer.train(Xtr, { task: 'multiclass', y: Int32Array.from(q.y_class_train), classes }, gbdtParams, { seed: 0 });
    const yte = Int32Array.from(q.y_class_test);
    const mg = multiclassMetrics(yte, g.predict(Xte), classes);
    expect(mg.log_loss).toBeLessThan(q.xgb_multiclass_log_loss + 0.02);
    expect(mg.accuracy).toBeGreaterThan(q.xgb_multiclass_accuracy - 0.03);
    const l = await softmaxTrainer.train(Xtr, { task: 'multiclass', y: Int32Array.from(q.y_class_train), classes }, softmaxParamsSchema.parse({ max_iter: 1000 }), { seed: 0 });
    expect(Math.abs(multiclassMetrics(yte, l.predict(Xte), classes).log_loss - q.sklearn_logreg_log_loss)).toBeLessThan(1e-4);
  });

  it('regression GBDT: test RMSE within 5 % of XGBoost, ridge equal to sklearn', async () => {
    const target = { task: 'regression' as const, y: Float64Array.from(q.y_value_train) };
    const g = await gbdtRegressionTrainer.train(Xtr, target, gbdtParams, { seed: 0 });
    const rmse = regressionMetrics(q.y_value_test, g.predict(Xte)).rmse;
    expect(rmse).toBeLessThan(q.xgb_regression_rmse * 1.05);
    const r = await ridgeTrainer.train(Xtr, target, { l2: 1 }, { seed: 0 });
    expect(Math.abs(regressionMetrics(q.y_value_test, r.predict(Xte)).rmse - q.sklearn_ridge_rmse)).toBeLessThan(1e-9);
  });
});
