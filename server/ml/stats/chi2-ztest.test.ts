import { describe, expect, it } from 'vitest';
import { chi2Contingency } from './chi2';
import { loadFixture, probabilityError, relErr, type TestsFixture } from './test-fixtures';
import { twoProportionZTest } from './ztest';

const F = loadFixture<TestsFixture>('drift-tests.json');

describe('chi2Contingency against scipy chi2_contingency(correction=False)', () => {
  // Statistic: compensated sums, 1e-12 relative. p-value: chi2.sf, where scipy's own incomplete
  // gamma errs by up to ~1e-12 in the far tail for large dof (checked against mpmath), hence 3e-12.
  it.each(F.chi2.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = chi2Contingency(c.ref, c.cur);
    if (c.statistic === 0) expect(r.statistic).toBe(0);
    else expect(relErr(r.statistic, c.statistic)).toBeLessThan(1e-12);
    expect(probabilityError(r.pValue, c.p_value, 3e-12)).toBeNull();
  });
  it('has tiny p-values in the fixture', () => {
    expect(F.chi2.some((c) => c.p_value > 0 && c.p_value < 1e-250)).toBe(true);
  });
  it('ignores categories empty on both sides and rejects empty samples', () => {
    expect(chi2Contingency([5, 0, 5], [3, 0, 7])).toEqual(chi2Contingency([5, 5], [3, 7]));
    expect(() => chi2Contingency([0, 0], [1, 2])).toThrow();
  });
});

describe('twoProportionZTest against the pooled two-proportion z-test with scipy norm.sf', () => {
  it.each(F.ztest.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = twoProportionZTest(c.ref_first, c.n_ref, c.cur_first, c.n_cur);
    if (c.statistic === 0) expect(r.statistic).toBe(0);
    else expect(relErr(r.statistic, c.statistic)).toBeLessThan(1e-13);
    // d(ln p)/dz ≈ z, so the last-bit differences in z (≈ 37·1e-16) allow 1e-12 relative in p.
    expect(probabilityError(r.pValue, c.p_value, 1e-12)).toBeNull();
  });
  it('both samples one and the same value: statistic 0, p-value 1', () => {
    expect(twoProportionZTest(10, 10, 4, 4)).toEqual({ statistic: 0, pValue: 1 });
    expect(twoProportionZTest(0, 10, 0, 4)).toEqual({ statistic: 0, pValue: 1 });
  });
});
