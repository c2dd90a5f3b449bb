import { describe, expect, it } from 'vitest';
import { loadFixture, probabilityError, relErr } from './test-fixtures';
import { KS_MAX_EXACT_N, ks2samp, ksExactPValue, ksStatisticSorted } from './ks';
import { sample, type SampleSpec } from './test-rng';

interface KsCase {
  name: string;
  a?: number[];
  b?: number[];
  spec_a?: SampleSpec;
  spec_b?: SampleSpec;
  statistic: number;
  p_value: number;
  /** scipy warned "Exact calculation unsuccessful" and used the asymptotic form. */
  exact_fallback: boolean;
}

const cases = loadFixture<KsCase[]>('drift-ks.json');

function samples(c: KsCase): [Float64Array, Float64Array] {
  if (c.a && c.b) return [Float64Array.from(c.a), Float64Array.from(c.b)];
  return [sample(c.spec_a!), sample(c.spec_b!)];
}

describe('ks2samp against scipy 1.10 ks_2samp', () => {
  // D is formed from the same floating-point operations as scipy's, so it must agree to the last
  // bit or so. Exact p-values replicate scipy's recursions step for step (observed: identical);
  // asymptotic ones go through kstwo.sf (tails rel 1e-12, others abs 1e-14).
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const [a, b] = samples(c);
    const r = ks2samp(a, b);
    expect(relErr(r.statistic, c.statistic)).toBeLessThanOrEqual(2.3e-16);
    const err = probabilityError(r.pValue, c.p_value);
    expect(err, `${c.name}: ${r.pMethod}`).toBeNull();
    const exact = Math.max(a.length, b.length) <= KS_MAX_EXACT_N && !c.exact_fallback;
    expect(r.pMethod).toBe(exact ? 'exact' : 'asymptotic');
  });

  it('covers tiny, boundary and large sizes', () => {
    const sizes = cases.map((c) => (c.spec_a ? [c.spec_a.n, c.spec_b!.n] : [c.a!.length, c.b!.length]));
    expect(sizes.some(([n, m]) => n === 9000 && m === 10001)).toBe(true);
    expect(sizes.some(([n, m]) => n === 10000 && m === 10000)).toBe(true);
    expect(sizes.some(([n, m]) => n >= 150000 && m >= 200000)).toBe(true);
    expect(cases.filter((c) => c.p_value < 1e-100).length).toBeGreaterThan(5);
    expect(cases.filter((c) => c.exact_fallback).length).toBeGreaterThanOrEqual(4);
  });
});

describe('ks pieces', () => {
  it('D counts ties once per distinct value', () => {
    expect(ksStatisticSorted([1, 1, 2], [1, 2, 2])).toBeCloseTo(1 / 3, 15);
    expect(ksStatisticSorted([5, 5], [5])).toBe(0);
    expect(ksStatisticSorted([1, 2], [3, 4])).toBe(1);
  });
  it('drops missing values', () => {
    const r = ks2samp([1, NaN, 2, 3], [NaN, 4, 5]);
    const s = ks2samp([1, 2, 3], [4, 5]);
    expect(r).toEqual(s);
  });
  it('exact p for D = 1 with equal sizes is 2 / C(2n, n)', () => {
    // n = 3: 2/20
    expect(ksExactPValue(3, 3, 1).p).toBeCloseTo(0.1, 15);
  });
  it('refuses empty samples', () => {
    expect(() => ks2samp([], [1])).toThrow();
  });
});
