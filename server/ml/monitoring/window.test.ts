import { describe, expect, it } from 'vitest';
import { addValue, emptyCounts } from './binning';
import { latencyQuantile, LATENCY_BOUNDS_MS } from './latency';
import type { CategoricalReference, NumericReference } from './reference';
import { scoreBin } from './score-bins';
import { estimatePerformance, featureWindow, predictionDrift, summarize } from './window';

const num: NumericReference = { name: 'x', type: 'numeric', edges: [1, 2, 3], counts: [25, 25, 25, 25], n: 100, missing: 0, min: 0, max: 4, sample: [] };
const cat: CategoricalReference = { name: 'c', type: 'categorical', categories: ['a', 'b'], counts: [50, 50, 0], n: 100, missing: 25, };

describe('rollup binning', () => {
  it('counts into reference bins with (e_i, e_i+1] intervals, missing, out-of-range and unseen', () => {
    const c = emptyCounts(num);
    for (const v of [0.5, 1, 1.5, 3, 3.5, 9, null, 'x']) addValue(num, c, v);
    // 0.5,1 → bin 0; 1.5 → 1; 3 → 2; 3.5, 9 → 3
    expect(c.counts).toEqual([2, 1, 1, 2]);
    expect([c.n, c.missing, c.outOfRange]).toEqual([8, 2, 1]);
    const k = emptyCounts(cat);
    for (const v of ['a', 'b', 'z', null, '']) addValue(cat, k, v);
    expect(k.counts).toEqual([1, 1, 1]);
    expect([k.unseen, k.missing]).toEqual([1, 2]);
    // A reference that folded rare training values into "other" cannot call a value new.
    const partial = emptyCounts(cat);
    addValue({ ...cat, complete: false }, partial, 'z');
    expect([partial.unseen, partial.counts[2]]).toEqual([0, 1]);
  });
});

describe('window figures', () => {
  it('PSI of a shifted numeric window, by hand', () => {
    const c = { n: 100, missing: 0, outOfRange: 0, unseen: 0, counts: [10, 20, 30, 40] };
    const w = featureWindow(num, c, 50);
    const expected = (0.1 - 0.25) * Math.log(0.1 / 0.25) + (0.2 - 0.25) * Math.log(0.2 / 0.25) + (0.3 - 0.25) * Math.log(0.3 / 0.25) + (0.4 - 0.25) * Math.log(0.4 / 0.25);
    expect(w.statistic).toBeCloseTo(expected, 12);
    expect(w.drifted).toBe(expected >= 0.1);
    expect(w.method).toBe('psi');
  });

  it('Jensen–Shannon for categorical, and missing share against the reference', () => {
    const c = { n: 100, missing: 50, outOfRange: 0, unseen: 10, counts: [40, 0, 10] };
    const w = featureWindow(cat, c, 10);
    // p = (.5,.5,0), q = (.8,0,.2); m = (.65,.25,.1)
    const kl = (p: number[], m: number[]) => p.reduce((s, pi, i) => s + (pi > 0 ? pi * Math.log(pi / m[i]) : 0), 0);
    const m = [0.65, 0.25, 0.1];
    expect(w.statistic).toBeCloseTo(Math.sqrt((kl([0.5, 0.5, 0], m) + kl([0.8, 0, 0.2], m)) / 2), 12);
    expect(w.referenceMissingShare).toBeCloseTo(0.2, 12);
    expect(w.missingShareIncrease).toBeCloseTo(0.3, 12);
    expect(w.unseenShare).toBeCloseTo(0.2, 12);
  });

  it('says "insufficient data" below the minimum instead of a verdict', () => {
    const w = featureWindow(num, { n: 30, missing: 0, outOfRange: 0, unseen: 0, counts: [30, 0, 0, 0] }, 100);
    expect(w).toMatchObject({ status: 'insufficient_data', statistic: null, drifted: false });
    expect(summarize([w])).toEqual({ tested: 0, drifted: 0, driftShare: null, driftedFeatures: [] });
  });

  it('expected AUC of same-bin scores counts ties as halves, never pairing a prediction with itself', () => {
    const counts = new Array(20).fill(0);
    const sums = new Array(20).fill(0);
    const squares = new Array(20).fill(0);
    for (const p of [0.81, 0.83]) {
      counts[16]++;
      sums[16] += p;
      squares[16] += p * p;
    }
    // Two predictions in one bin: every distinct pair is a tie → 0.5.
    expect(estimatePerformance(counts, sums, squares).expectedAuc).toBeCloseTo(0.5, 12);
  });

  it('prediction drift needs enough rows', () => {
    const ref = { counts: new Array(20).fill(5), n: 100 };
    expect(predictionDrift(ref, new Array(20).fill(1), null, 50).statistic).toBeNull();
    expect(predictionDrift(ref, new Array(20).fill(5), null, 50).statistic).toBeCloseTo(0, 12);
  });
});

describe('confidence-based estimate', () => {
  it('expected accuracy is exact from bin sums; expected AUC matches brute force on distinct bins', () => {
    const scores = [0.03, 0.12, 0.33, 0.61, 0.88, 0.97, 0.47, 0.52];
    const counts = new Array(20).fill(0);
    const sums = new Array(20).fill(0);
    const squares = new Array(20).fill(0);
    for (const p of scores) {
      counts[scoreBin(p)]++;
      sums[scoreBin(p)] += p;
      squares[scoreBin(p)] += p * p;
    }
    const est = estimatePerformance(counts, sums, squares);
    expect(est.expectedAccuracy).toBeCloseTo(scores.reduce((s, p) => s + Math.max(p, 1 - p), 0) / scores.length, 12);
    // Every score is in its own bin: AUC = Σ_{i≠j} p_i (1 − p_j) [s_i > s_j] / Σ_{i≠j} p_i (1 − p_j).
    let num = 0;
    let den = 0;
    for (const [i, a] of scores.entries())
      for (const [j, b] of scores.entries()) {
        if (i === j) continue;
        den += a * (1 - b);
        if (a > b) num += a * (1 - b);
      }
    expect(est.expectedAuc).toBeCloseTo(num / den, 12);
  });
});

describe('latency quantiles from buckets', () => {
  it('interpolates inside the bucket like histogram_quantile', () => {
    const counts = new Array(LATENCY_BOUNDS_MS.length).fill(0);
    counts[3] = 100; // (2, 5] ms
    expect(latencyQuantile(counts, 0.5)).toBeCloseTo(3.5, 12);
    expect(latencyQuantile(counts, 0.99)).toBeCloseTo(2 + 3 * 0.99, 12);
    expect(latencyQuantile(new Array(LATENCY_BOUNDS_MS.length).fill(0), 0.5)).toBeNull();
  });
});
