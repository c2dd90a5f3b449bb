import { describe, expect, it } from 'vitest';
import { DEFAULT_SHADOW_THRESHOLDS, pairedAgreement, shadowGate } from './shadow-gate';

describe('pairedAgreement', () => {
  it('matches numpy (np.corrcoef, mean of equal decisions at 0.5)', () => {
    const x = [0.12, 0.55, 0.31, 0.91, 0.05, 0.47, 0.66, 0.22];
    const y = [0.1, 0.61, 0.2, 0.85, 0.09, 0.52, 0.4, 0.3];
    const r = pairedAgreement(x, y);
    expect(r.correlation).toBeCloseTo(0.9197768719443085, 12);
    expect(r.agreement).toBe(0.75);
  });
  it('stays exact on tiny variances (scores saturated near 0), where sum-of-squares cancels', () => {
    const x = Array.from({ length: 10 }, (_, i) => 0.02 + 1e-7 * i);
    const y = Array.from({ length: 10 }, (_, i) => 0.03 + 3e-7 * (9 - i));
    expect(pairedAgreement(x, y).correlation).toBeCloseTo(-1, 9); // numpy: -1.0
  });
  it('is undefined for constant scores and for no pairs; refuses unequal lengths', () => {
    expect(pairedAgreement([0.1, 0.1, 0.1], [0.2, 0.3, 0.4]).correlation).toBeNull();
    expect(pairedAgreement([], [])).toEqual({ agreement: null, correlation: null });
    expect(() => pairedAgreement([1], [1, 2])).toThrow(/equal length/);
  });
});

describe('shadowGate', () => {
  it('fails the reported case: 1021 pairs, 99.9 % same decisions, correlation 0.003 (agreement alone passed it)', () => {
    const v = shadowGate({ n: 1021, agreement: 0.999, correlation: 0.003, distance: 0.05 }, DEFAULT_SHADOW_THRESHOLDS);
    expect(v.status).toBe('fail');
    expect(v.gates.find((g) => g.gate === 'shadow correlation')).toMatchObject({ status: 'fail', detail: 'score correlation 0.003 (at least 0.5)' });
    expect(v.gates.find((g) => g.gate === 'shadow agreement')?.status).toBe('pass');
  });
  it('passes when every figure is within its threshold; pending below min_pairs; fails a constant candidate', () => {
    expect(shadowGate({ n: 500, agreement: 0.95, correlation: 0.9, distance: 0.1 }, DEFAULT_SHADOW_THRESHOLDS).status).toBe('pass');
    expect(shadowGate({ n: 99, agreement: 1, correlation: 1, distance: 0 }, DEFAULT_SHADOW_THRESHOLDS)).toMatchObject({ status: 'pending', gates: [{ detail: '99 paired requests; 100 needed' }] });
    expect(shadowGate({ n: 500, agreement: 1, correlation: null, distance: 0 }, DEFAULT_SHADOW_THRESHOLDS).status).toBe('fail');
    expect(shadowGate({ n: 500, agreement: 0.95, correlation: 0.9, distance: 0.25 }, DEFAULT_SHADOW_THRESHOLDS).status).toBe('fail');
    expect(shadowGate({ n: 500, agreement: 0.85, correlation: 0.9, distance: 0.1 }, DEFAULT_SHADOW_THRESHOLDS).status).toBe('fail');
    // Thresholds come from the policy.
    expect(shadowGate({ n: 20, agreement: 0.85, correlation: 0.2, distance: 0.1 }, { min_pairs: 10, min_agreement: 0.8, min_correlation: 0.1, max_distance: 0.2 }).status).toBe('pass');
  });
});
