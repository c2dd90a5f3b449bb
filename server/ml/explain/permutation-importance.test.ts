// Permutation importance against references computed independently of its generator: a model
// that ignores an input (importance exactly 0), the exact expectation over every permutation of
// a tiny set (enumerated by brute force), and the closed form for a linear model under MSE.
import { describe, expect, it } from 'vitest';
import { AUC, metricForLabels, RMSE } from './importance-metrics';
import { permutationImportance, shuffledIndices, type ImportanceMetric, type Row } from './permutation-importance';
import { mulberry32 } from '../fairness/random';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const MSE: ImportanceMetric = { name: 'mse', higherIsBetter: false, fn: (y, s) => y.reduce((a, v, i) => a + (s[i] - v) ** 2, 0) / y.length };

function dataset(n: number, seed: number) {
  const rand = mulberry32(seed);
  const rows: Row[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = rand() * 4 - 2;
    const x2 = rand() * 4 - 2;
    rows.push({ x1, x2, region: rand() < 0.5 ? 'north' : 'south' });
    y.push(rand() < sigmoid(3 * x1) ? 1 : 0);
  }
  return { rows, y };
}

/** Every permutation of 0..n-1 (Heap's algorithm). */
function allPermutations(n: number): number[][] {
  const out: number[][] = [];
  const a = Array.from({ length: n }, (_, i) => i);
  const c = new Array(n).fill(0);
  out.push([...a]);
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      [a[j], a[i]] = [a[i], a[j]];
      out.push([...a]);
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}

describe('permutation importance', () => {
  it('gives exactly 0 to an input the model ignores and a clear drop to the one it uses', async () => {
    const { rows, y } = dataset(400, 3);
    const score = async (rs: Row[]) => Float64Array.from(rs, (r) => sigmoid(3 * (r.x1 as number)));
    const res = await permutationImportance({ rows, y, inputs: ['x2', 'region', 'x1'], score, metric: AUC, repeats: 5, seed: 7 });
    const by = Object.fromEntries(res.inputs.map((r) => [r.input, r]));
    expect(by.x2).toEqual({ input: 'x2', importance: 0, std: 0 });
    expect(by.region.importance).toBe(0);
    expect(by.x1.importance).toBeGreaterThan(0.3);
    expect(res.inputs[0].input).toBe('x1');
    expect(res.baseline).toBeGreaterThan(0.8);
  });

  it('matches the exact expectation over all 5! permutations of a tiny set', async () => {
    const rows: Row[] = [{ a: 0.1 }, { a: 0.9 }, { a: 0.4 }, { a: 0.7 }, { a: 0.2 }];
    const y = [0, 1, 0, 1, 1];
    const score = async (rs: Row[]) => Float64Array.from(rs, (r) => r.a as number);
    const base = AUC.fn(y, await score(rows))!;
    const perms = allPermutations(5);
    expect(perms).toHaveLength(120);
    let sum = 0;
    for (const p of perms) sum += base - AUC.fn(y, Float64Array.from(p, (j) => rows[j].a as number))!;
    const exact = sum / perms.length;
    const res = await permutationImportance({ rows, y, inputs: ['a'], score, metric: AUC, repeats: 6000, seed: 11 });
    expect(res.baseline).toBeCloseTo(base, 12);
    expect(res.inputs[0].importance).toBeCloseTo(exact, 2);
  });

  it('matches the closed form for a linear model: E[MSE after shuffling x] = 2·w²·Var(x)', async () => {
    // For a uniform permutation, E[(x_π(i) − x_i)²] averaged over i is 2·Var(x) (population).
    const xs = [0.3, 1.7, -0.8, 2.2, 0.0, -1.4, 0.9, 3.1, -2.0, 1.1];
    const rows = xs.map((x) => ({ x }));
    const y = xs.map((x) => 2 * x);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
    const score = async (rs: Row[]) => Float64Array.from(rs, (r) => 2 * (r.x as number));
    const res = await permutationImportance({ rows, y, inputs: ['x'], score, metric: MSE, repeats: 4000, seed: 5 });
    expect(res.baseline).toBe(0);
    expect(res.inputs[0].importance / (2 * 4 * variance)).toBeCloseTo(1, 1);
  });

  it('is deterministic for a seed and independent of the order of the inputs', async () => {
    const { rows, y } = dataset(200, 9);
    const score = async (rs: Row[]) => Float64Array.from(rs, (r) => sigmoid(2 * (r.x1 as number) + 0.5 * (r.x2 as number)));
    const a = await permutationImportance({ rows, y, inputs: ['x1', 'x2'], score, metric: AUC, repeats: 3, seed: 1 });
    const b = await permutationImportance({ rows, y, inputs: ['x1', 'x2'], score, metric: AUC, repeats: 3, seed: 1 });
    const c = await permutationImportance({ rows, y, inputs: ['x1', 'x2'], score, metric: AUC, repeats: 3, seed: 2 });
    expect(b).toEqual(a);
    expect(c.inputs.find((r) => r.input === 'x1')!.importance).not.toBe(a.inputs.find((r) => r.input === 'x1')!.importance);
    expect(a.inputs.map((r) => r.input)).toEqual(['x1', 'x2']);
  });

  it('refuses mismatched labels, a single row and a non-positive repeat count', async () => {
    const score = async (rs: Row[]) => new Float64Array(rs.length);
    await expect(permutationImportance({ rows: [{ a: 1 }, { a: 2 }], y: [1], inputs: ['a'], score, metric: AUC, repeats: 1, seed: 1 })).rejects.toThrow(/differ in length/);
    await expect(permutationImportance({ rows: [{ a: 1 }], y: [1], inputs: ['a'], score, metric: AUC, repeats: 1, seed: 1 })).rejects.toThrow(/at least 2 rows/);
    await expect(permutationImportance({ rows: [{ a: 1 }, { a: 2 }], y: [0, 1], inputs: ['a'], score, metric: AUC, repeats: 0, seed: 1 })).rejects.toThrow(/repeats/);
    await expect(permutationImportance({ rows: [{ a: 1 }, { a: 2 }], y: [1, 1], inputs: ['a'], score, metric: AUC, repeats: 1, seed: 1 })).rejects.toThrow(/auc is undefined/);
  });

  it('shuffles uniformly (every index lands everywhere) and picks AUC or RMSE by the labels', () => {
    const rand = mulberry32(3);
    const counts = Array.from({ length: 4 }, () => new Array(4).fill(0));
    for (let t = 0; t < 8000; t++) shuffledIndices(4, rand).forEach((j, i) => counts[i][j]++);
    for (const row of counts) for (const c of row) expect(c / 8000).toBeCloseTo(0.25, 1);
    expect(metricForLabels([0, 1, 1]).name).toBe('auc');
    expect(metricForLabels([0, 2.5]).name).toBe('rmse');
    expect(RMSE.fn([1, 3], Float64Array.from([2, 1]))).toBeCloseTo(Math.sqrt(2.5), 12);
  });
});
