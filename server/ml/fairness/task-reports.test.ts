// Multiclass and regression fairness reports against reference values: per-group figures from
// scikit-learn 1.2 (accuracy_score, mean_absolute_error, mean_squared_error(squared=False),
// r2_score; computed once with /usr/bin/python3 and written here) and shares counted by hand.
import { describe, expect, it } from 'vitest';
import { multiclassFairnessReport, multiclassIntervals } from './multiclass-report';
import { BOOTSTRAP_BUDGET, regressionFairnessReport, regressionIntervals } from './regression-report';

const classes = ['cat', 'dog', 'fox'];
/** One-hot-ish probabilities that predict `pred` (a row per prediction). */
function probsFor(pred: string[]): Float64Array {
  const out = new Float64Array(pred.length * 3);
  pred.forEach((p, i) => classes.forEach((c, j) => (out[i * 3 + j] = c === p ? 0.8 : 0.1)));
  return out;
}
const idx = (names: string[]) => names.map((n) => classes.indexOf(n));

describe('multiclass fairness report', () => {
  const y = idx(['cat', 'dog', 'fox', 'cat', 'dog', 'cat', 'fox']);
  const pred = ['cat', 'cat', 'fox', 'cat', 'dog', 'dog', 'cat'];
  const groups = ['x', 'x', 'x', 'x', 'y', 'y', 'z'];
  const r = multiclassFairnessReport(y, probsFor(pred), classes, groups);

  it('per group: accuracy (sklearn accuracy_score) and the share predicted as each class', () => {
    const byGroup = Object.fromEntries(r.groups.map((g) => [g.group, g]));
    expect(byGroup.x).toMatchObject({ n: 4, accuracy: 0.75, selection_rates: { cat: 0.75, dog: 0, fox: 0.25 }, label_rates: { cat: 0.5, dog: 0.25, fox: 0.25 } });
    expect(byGroup.y).toMatchObject({ n: 2, accuracy: 0.5, selection_rates: { cat: 0, dog: 1, fox: 0 } });
    // z: one row (a single-row group); 'dog' and 'fox' never predicted and 'dog' never a label there.
    expect(byGroup.z).toMatchObject({ n: 1, accuracy: 0, selection_rates: { cat: 1, dog: 0, fox: 0 }, label_rates: { cat: 0, dog: 0, fox: 1 } });
  });

  it('gaps are largest − smallest group value; the largest selection-rate gap is named', () => {
    expect(r.accuracy_gap).toBe(0.75);
    expect(r.selection_rate_gaps).toEqual({ cat: 1, dog: 1, fox: 0.25 });
    expect(r.max_selection_rate_gap).toEqual({ class: 'cat', gap: 1 }); // first in class order on ties
  });

  it('one group: every gap is 0; missing group values form their own group', () => {
    const one = multiclassFairnessReport(y, probsFor(pred), classes, y.map(() => 'all'));
    expect(one.accuracy_gap).toBe(0);
    expect(Object.values(one.selection_rate_gaps)).toEqual([0, 0, 0]);
    const missing = multiclassFairnessReport(y, probsFor(pred), classes, [null, ...groups.slice(1)]);
    expect(missing.groups.map((g) => g.group)).toContain('(missing)');
  });

  it('a class name that is an object key of JavaScript is an ordinary class', () => {
    const cs = ['__proto__', 'constructor'];
    const rep = multiclassFairnessReport([0, 1], Float64Array.from([0.9, 0.1, 0.2, 0.8]), cs, ['a', 'a']);
    expect(rep.groups[0].selection_rates.__proto__).toBe(0.5);
    expect(JSON.stringify(rep.selection_rate_gaps)).toBe('{"__proto__":0,"constructor":0}');
  });

  it('intervals: seeded, contain the point figures, degenerate where a group cannot vary', () => {
    const a = multiclassIntervals(y, probsFor(pred), classes, groups, { replicates: 300, seed: 3 });
    expect(multiclassIntervals(y, probsFor(pred), classes, groups, { replicates: 300, seed: 3 })).toEqual(a);
    const x = a.groups.find((g) => g.group === 'x')!;
    expect(x.accuracy.lo).toBeLessThanOrEqual(0.75);
    expect(x.accuracy.hi).toBeGreaterThanOrEqual(0.75);
    // A single row resamples to itself: its figures never move.
    const z = a.groups.find((g) => g.group === 'z')!;
    expect(z.accuracy).toEqual({ lo: 0, hi: 0 });
    expect(z.selection_rates.cat).toEqual({ lo: 1, hi: 1 });
    expect(a.accuracy_gap.lo).toBeLessThanOrEqual(a.accuracy_gap.hi);
    expect(a.selection_rate_gaps.dog.hi).toBeLessThanOrEqual(1);
  });

  it('refuses mismatched inputs naming what is wrong', () => {
    expect(() => multiclassFairnessReport([0, 3], probsFor(['cat', 'dog']), classes, ['a', 'b'])).toThrow(/label at index 1 is 3/);
    expect(() => multiclassFairnessReport([0], probsFor(['cat', 'dog']), classes, ['a'])).toThrow(/expected 1 × 3 probabilities/);
    expect(() => multiclassFairnessReport([0, 1], probsFor(['cat', 'dog']), classes, ['a'])).toThrow(/differ in length/);
  });
});

describe('regression fairness report', () => {
  const y = [3, 5, 2.5, 7, 4, 4, 4, 10];
  const p = [2.5, 5.5, 2, 8, 4, 4, 4, 12];
  const g = ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'd'];
  const r = regressionFairnessReport(y, p, g);
  const byGroup = Object.fromEntries(r.groups.map((x) => [x.group, x]));

  it('per group MAE, RMSE, mean residual and R² as scikit-learn 1.2', () => {
    expect(byGroup.a.mae).toBeCloseTo(0.625, 12);
    expect(byGroup.a.rmse).toBeCloseTo(0.6614378277661477, 12);
    expect(byGroup.a.mean_residual).toBeCloseTo(-0.125, 12);
    expect(byGroup.a.r2).toBeCloseTo(0.8620689655172413, 12);
    // b: a constant target predicted exactly → r2_score 1.0; c and d: one row → r2_score nan (null).
    expect(byGroup.b).toMatchObject({ n: 2, mae: 0, rmse: 0, mean_residual: 0, r2: 1 });
    expect(byGroup.c).toMatchObject({ n: 1, mae: 0, r2: null });
    expect(byGroup.d).toMatchObject({ n: 1, mae: 2, rmse: 2, mean_residual: -2, r2: null });
    // A constant target predicted wrongly → r2_score 0.0.
    expect(regressionFairnessReport([4, 4], [4, 5], ['k', 'k']).groups[0].r2).toBe(0);
  });

  it('gaps: largest − smallest group value (mean residual by value, not magnitude)', () => {
    expect(r.gaps.mae).toBe(2);
    expect(r.gaps.rmse).toBe(2);
    expect(r.gaps.mean_residual).toBe(2); // 0 − (−2)
    expect(regressionFairnessReport([1, 2], [1, 3], ['s', 's']).gaps).toEqual({ mae: 0, rmse: 0, mean_residual: 0 });
  });

  it('intervals: seeded, around the point figures, fixed for single-row groups, gaps included', () => {
    const a = regressionIntervals(y, p, g, { replicates: 400, seed: 1 })!;
    expect(regressionIntervals(y, p, g, { replicates: 400, seed: 1 })).toEqual(a);
    expect(a.replicates).toBe(400);
    const ia = a.groups.find((x) => x.group === 'a')!;
    expect(ia.mae.lo).toBeLessThanOrEqual(0.625);
    expect(ia.mae.hi).toBeGreaterThanOrEqual(0.625);
    expect(a.groups.find((x) => x.group === 'd')!.rmse).toEqual({ lo: 2, hi: 2 });
    expect(a.gaps.mae.lo).toBeLessThanOrEqual(a.gaps.mae.hi);
  });

  it('intervals are skipped (null) when the rows would cost more than the budget; replicates shrink first', () => {
    const n = Math.ceil(BOOTSTRAP_BUDGET / 50);
    const big = new Float64Array(n);
    expect(regressionIntervals(big, big, new Array<string>(n).fill('g'), { replicates: 500 })).toBeNull();
    const mid = Math.floor(BOOTSTRAP_BUDGET / 200);
    const z = new Float64Array(mid);
    expect(regressionIntervals(z, z, new Array<string>(mid).fill('g'), { replicates: 500 })!.replicates).toBe(200);
  });

  it('refuses non-finite values naming the row', () => {
    expect(() => regressionFairnessReport([1, NaN], [1, 2], ['a', 'a'])).toThrow(/label at index 1/);
    expect(() => regressionFairnessReport([1], [1, 2], ['a'])).toThrow(/differ in length/);
  });
});
