import { describe, expect, it } from 'vitest';
import { countSortedNumbers, countStrings } from './categories';
import { chi2Contingency } from './chi2';
import { autoMethod, columnDrift, summarizeDrift, type ColumnDrift, type DriftSample } from './column-drift';
import { jensenShannonDistance } from './jensen-shannon';
import { ks2samp } from './ks';
import { psiBinCounts, psiEdges, psiFromCounts, psiNumeric } from './psi';
import { normalizedWasserstein } from './wasserstein';
import { twoProportionZTest } from './ztest';

const num = (...v: number[]): DriftSample => ({ type: 'numeric', values: Float64Array.from(v) });
const cat = (...v: (string | null)[]): DriftSample => ({ type: 'categorical', values: v });

describe('autoMethod', () => {
  it('follows the small-reference rules up to 1000 rows', () => {
    expect(autoMethod('numeric', 2, 1000)).toBe('ztest');
    expect(autoMethod('categorical', 1, 10)).toBe('ztest');
    expect(autoMethod('numeric', 5, 1000)).toBe('chi2');
    expect(autoMethod('numeric', 6, 1000)).toBe('ks');
    expect(autoMethod('categorical', 60, 1000)).toBe('chi2');
  });
  it('uses distances above 1000 rows', () => {
    expect(autoMethod('numeric', 6, 1001)).toBe('wasserstein');
    expect(autoMethod('numeric', 5, 1001)).toBe('jensenshannon');
    expect(autoMethod('numeric', 2, 1001)).toBe('jensenshannon');
    expect(autoMethod('categorical', 60, 5000)).toBe('jensenshannon');
  });
});

describe('columnDrift', () => {
  it('drops missing values and counts the rest', () => {
    const r = columnDrift('x', num(1, NaN, 2, 3, 4, 5, 6), num(NaN, 2, 3), { referenceRows: 7 });
    expect(r).toMatchObject({ method: 'ks', nReference: 6, nCurrent: 2 });
    expect(r.statistic).toBe(ks2samp([1, 2, 3, 4, 5, 6], [2, 3]).statistic);
  });
  it('z-test uses the share of the first value in code-point order', () => {
    // U+E000 sorts before U+1F600 by code point (UTF-16 code units would reverse them).
    const r = columnDrift('g', cat('\u{1F600}', '\uE000', '\uE000'), cat('\u{1F600}', '\u{1F600}', '\uE000'), { referenceRows: 3 });
    expect(r.method).toBe('ztest');
    expect(r.statistic).toBeCloseTo(twoProportionZTest(2, 3, 1, 3).statistic, 15);
    expect(r.statistic!).toBeGreaterThan(0);
  });
  it('z-test on numbers orders numerically (10 after 9)', () => {
    const r = columnDrift('n', num(9, 10, 10), num(9, 9, 10), { referenceRows: 3 });
    expect(r.statistic).toBeCloseTo(twoProportionZTest(1, 3, 2, 3).statistic, 15);
  });
  it('both constant and equal: z 0, p 1, not drifted; constant but different: drifted', () => {
    expect(columnDrift('c', num(5, 5), num(5), { referenceRows: 2 })).toMatchObject({ statistic: 0, pValue: 1, drifted: false });
    const d = columnDrift('c', cat('a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'), cat('b', 'b', 'b', 'b', 'b', 'b', 'b', 'b'), { referenceRows: 8 });
    expect(d.drifted).toBe(true);
    expect(d.pValue!).toBeLessThan(0.05);
  });
  it('ztest drifts only strictly below 0.05, p-value tests at or below', () => {
    const r = columnDrift('b', cat('y', 'y', 'n', 'n'), cat('y', 'n', 'n', 'n'), { referenceRows: 4 });
    expect(r.drifted).toBe(r.pValue! < 0.05);
  });
  it('explicit methods that do not apply give method null with a reason', () => {
    for (const method of ['ks', 'wasserstein'] as const) {
      const r = columnDrift('c', cat('a', 'b'), cat('a'), { method, referenceRows: 2 });
      expect(r).toMatchObject({ method: null, statistic: null, pValue: null, threshold: null, drifted: false });
      expect(r.reason).toBeTruthy();
    }
    const z = columnDrift('c', cat('a', 'b'), cat('c'), { method: 'ztest', referenceRows: 2 });
    expect(z.method).toBeNull();
    expect(z.reason).toMatch(/3/);
  });
  it('empty sides are untested', () => {
    const r = columnDrift('c', num(NaN, NaN), num(1), { referenceRows: 2 });
    expect(r).toMatchObject({ method: null, nReference: 0, nCurrent: 1, drifted: false });
    expect(r.reason).toMatch(/reference/);
    expect(columnDrift('c', cat('a'), cat(null), { referenceRows: 1 }).reason).toMatch(/current/);
  });
  it('Wasserstein with a constant reference divides by 0.001', () => {
    const r = columnDrift('w', num(3, 3, 3, 3, 3, 3), num(1, 2, 3, 4, 5, 6), { method: 'wasserstein', referenceRows: 2000 });
    expect(r.statistic).toBeCloseTo(1.5 / 0.001, 9);
    expect(r.drifted).toBe(true);
  });
  it('Jensen–Shannon of disjoint categories is sqrt(ln 2)', () => {
    const r = columnDrift('j', cat('a', 'b'), cat('c', 'd'), { referenceRows: 5000 });
    expect(r.method).toBe('jensenshannon');
    expect(r.statistic).toBeCloseTo(Math.sqrt(Math.LN2), 15);
  });
  it('PSI on categories uses one bin per category of the union (new and vanished)', () => {
    const r = columnDrift('p', cat('a', 'a', 'b'), cat('b', 'c'), { method: 'psi', referenceRows: 3 });
    // ref proportions 2/3, 1/3, 0 → 0.0001; cur 0 → 0.0001, 1/2, 1/2
    const r0 = 2 / 3, r1 = 1 / 3, floor = 0.0001;
    const want = (floor - r0) * Math.log(floor / r0) + (0.5 - r1) * Math.log(0.5 / r1) + (0.5 - floor) * Math.log(0.5 / floor);
    expect(r.statistic).toBeCloseTo(want, 14);
  });
});

describe('count-based forms equal the raw-sample forms (for per-minute rollups)', () => {
  const ref = Float64Array.from([1, 2, 2, 3, 3, 3, 4, 7, 7, 9]);
  const cur = Float64Array.from([2, 3, 3, 3, 5, 7, 7, 7, 8]);
  const counts = countSortedNumbers(Float64Array.from(ref).sort(), Float64Array.from(cur).sort());

  it('chi2 and JS from merged counts', () => {
    // Rollups from two windows added together give the same counts as the raw union.
    const half = (xs: Float64Array, lo: number, hi: number) => xs.subarray(lo, hi);
    const c1 = countSortedNumbers(half(ref, 0, 5), half(cur, 0, 4));
    const c2 = countSortedNumbers(half(ref, 5, 10), half(cur, 4, 9));
    const merged = new Map<number, [number, number]>();
    for (const c of [c1, c2]) {
      c.categories.forEach((k, i) => {
        const m = merged.get(k) ?? [0, 0];
        m[0] += c.reference[i];
        m[1] += c.current[i];
        merged.set(k, m);
      });
    }
    const keys = [...merged.keys()].sort((a, b) => a - b);
    expect(keys).toEqual(counts.categories);
    expect(keys.map((k) => merged.get(k)![0])).toEqual(counts.reference);
    const chiRaw = columnDrift('x', { type: 'numeric', values: ref }, { type: 'numeric', values: cur }, { method: 'chi2', referenceRows: 10 });
    const chiCounts = chi2Contingency(keys.map((k) => merged.get(k)![0]), keys.map((k) => merged.get(k)![1]));
    expect(chiCounts.statistic).toBe(chiRaw.statistic);
    expect(chiCounts.pValue).toBe(chiRaw.pValue);
    const jsRaw = columnDrift('x', { type: 'numeric', values: ref }, { type: 'numeric', values: cur }, { method: 'jensenshannon', referenceRows: 10 });
    expect(jensenShannonDistance(counts.reference, counts.current)).toBe(jsRaw.statistic);
  });

  it('Wasserstein from (value, count) pairs', () => {
    const w = normalizedWasserstein(
      { values: counts.categories, weights: counts.reference },
      { values: counts.categories, weights: counts.current },
    );
    expect(w).toBeCloseTo(normalizedWasserstein({ values: ref }, { values: cur }), 14);
  });

  it('PSI from counts per reference bin', () => {
    const sorted = Float64Array.from(ref).sort();
    const edges = psiEdges(sorted);
    expect(psiFromCounts(psiBinCounts(edges, ref), psiBinCounts(edges, cur))).toBe(psiNumeric(sorted, cur));
  });

  it('string categories count in code-point order', () => {
    expect(countStrings(['b', 'a', '\u{1F600}'], ['\uE000', 'a'])).toEqual({
      categories: ['a', 'b', '\uE000', '\u{1F600}'],
      reference: [1, 1, 0, 1],
      current: [1, 0, 1, 0],
    });
  });
});

describe('summarizeDrift', () => {
  const col = (method: ColumnDrift['method'], drifted: boolean): ColumnDrift => ({
    column: 'c',
    type: 'numeric',
    method,
    statistic: method ? 1 : null,
    pValue: null,
    threshold: method ? 0.1 : null,
    drifted,
    nReference: 1,
    nCurrent: 1,
  });
  it('shares over tested columns, dataset drift at 0.5', () => {
    const s = summarizeDrift([col('psi', true), col('psi', false), col(null, false)]);
    expect(s).toMatchObject({ driftedColumns: 1, driftShare: 0.5, datasetDrift: true });
    expect(summarizeDrift([col('psi', true), col('psi', false), col('psi', false)]).datasetDrift).toBe(false);
    expect(summarizeDrift([col(null, false)])).toMatchObject({ driftShare: 0, datasetDrift: false });
  });
});
