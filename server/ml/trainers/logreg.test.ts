// Logistic regression against scikit-learn 1.2.1 (fixture from tests/reference/logreg_sklearn.py).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitLogreg, logregParamsSchema, logregTrainer, predictLogreg } from './logreg';
import type { FeatureMatrix } from './types';

interface Fixture {
  n: number;
  d: number;
  X: number[];
  y: number[];
  cases: { l2: number; coef: number[]; intercept: number; proba: number[]; optimum_coef: number[]; optimum_intercept: number }[];
}
const fx: Fixture = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../tests/reference/fixtures/logreg_sklearn.json'), 'utf8'));
const X: FeatureMatrix = { values: Float64Array.from(fx.X), n: fx.n, d: fx.d, featureNames: Array.from({ length: fx.d }, (_, j) => `x${j}`) };
const y = Uint8Array.from(fx.y);

describe('logreg vs scikit-learn LogisticRegression(C = 1/l2)', () => {
  it.each(fx.cases.map((c) => [c.l2, c] as const))('l2 = %s', async (l2, c) => {
    const m = await fitLogreg(X, y, logregParamsSchema.parse({ l2, max_iter: 1000, tol: 1e-10 }));
    expect(m.converged).toBe(true);
    // The exact optimum (Newton-polished, sum-gradient < 1e-10): we stop at a mean-gradient of
    // 1e-10 (sum-gradient 4e-8); the Hessian/n has eigenvalues ≳ 0.05 here, so the error is ≲ 1e-9.
    for (let j = 0; j < fx.d; j++) expect(Math.abs(m.coef[j] - c.optimum_coef[j])).toBeLessThan(1e-8);
    expect(Math.abs(m.intercept - c.optimum_intercept)).toBeLessThan(1e-8);
    // sklearn itself stops on SciPy's ftol (see the python script), so it is only good to ~1e-4.
    for (let j = 0; j < fx.d; j++) expect(Math.abs(m.coef[j] - c.coef[j])).toBeLessThan(1e-4);
    expect(Math.abs(m.intercept - c.intercept)).toBeLessThan(1e-4);
    const p = predictLogreg({ ...X, n: 5, values: X.values.subarray(0, 5 * fx.d) }, m.coef, m.intercept);
    // predict_proba of the same (ftol-stopped) sklearn fit: good to ~1e-4 as its coefficients.
    for (let i = 0; i < 5; i++) expect(Math.abs(p[i] - c.proba[i])).toBeLessThan(1e-4);
  });

  it('agrees to 1e-4 with the default max_iter and tol', async () => {
    const c = fx.cases.find((k) => k.l2 === 1)!;
    const m = await fitLogreg(X, y, logregParamsSchema.parse({}));
    expect(m.converged).toBe(true);
    for (let j = 0; j < fx.d; j++) expect(Math.abs(m.coef[j] - c.optimum_coef[j])).toBeLessThan(1e-5);
  });

  it('is deterministic bit for bit and reports progress', async () => {
    const steps: number[] = [];
    const a = await fitLogreg(X, y, logregParamsSchema.parse({}), { onProgress: (p) => void steps.push(p.metrics.loss) });
    const b = await fitLogreg(X, y, logregParamsSchema.parse({}));
    expect(Buffer.from(a.coef.buffer).equals(Buffer.from(b.coef.buffer))).toBe(true);
    expect(a.intercept).toBe(b.intercept);
    expect(steps.length).toBe(a.iterations);
    expect(steps[steps.length - 1]).toBeLessThan(steps[0]);
  });

  it('validates params, naming unknown keys', () => {
    expect(logregParamsSchema.parse({})).toEqual({ l2: 1, max_iter: 100, tol: 1e-8 });
    const r = logregParamsSchema.safeParse({ l2: 1, n_trees: 3 });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toMatch(/n_trees/);
    expect(logregParamsSchema.safeParse({ l2: -1 }).success).toBe(false);
  });

  it('stops when asked', async () => {
    await expect(logregTrainer.train(X, y, logregParamsSchema.parse({}), { seed: 0, shouldStop: () => true })).rejects.toThrow(/cancelled/);
  });
});
