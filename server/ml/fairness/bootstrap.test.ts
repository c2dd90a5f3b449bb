import { describe, expect, it } from 'vitest';
import { bootstrapIntervals } from './bootstrap';
import { binomial, mulberry32, multinomial } from './random';

describe('seeded variates', () => {
  it('mulberry32 is deterministic and in (0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('binomial has the right mean and variance, small and large n', () => {
    // 4000 draws: the sample mean is within 5 standard errors of n·p with overwhelming probability;
    // the variance within 15% (its standard error is about 2.2% here).
    for (const [n, p] of [
      [20, 0.3],
      [1000, 0.3],
      [1_000_000, 0.02],
      [5000, 0.999],
    ] as const) {
      const rand = mulberry32(n);
      const k = 4000;
      const xs = Array.from({ length: k }, () => binomial(rand, n, p));
      const mean = xs.reduce((s, x) => s + x, 0) / k;
      const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (k - 1);
      const v = n * p * (1 - p);
      expect(Math.abs(mean - n * p), `mean n=${n}`).toBeLessThan(5 * Math.sqrt(v / k));
      expect(Math.abs(variance / v - 1), `variance n=${n}`).toBeLessThan(0.15);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(n);
    }
  });

  it('multinomial never fills an empty cell and sums to n', () => {
    const rand = mulberry32(1);
    for (let r = 0; r < 200; r++) {
      const c = multinomial(rand, 1000, [3, 0, 7, 0]);
      expect(c[1]).toBe(0);
      expect(c[3]).toBe(0);
      expect(c.reduce((s, x) => s + x, 0)).toBe(1000);
    }
  });
});

describe('bootstrapIntervals', () => {
  // Group a: 400 rows, 100 selected (selection rate 0.25); group b: 10 rows.
  const y: number[] = [];
  const s: number[] = [];
  const g: (string | null)[] = [];
  for (let i = 0; i < 400; i++) {
    y.push(i % 2);
    s.push(i < 100 ? 0.9 : 0.1);
    g.push('a');
  }
  for (let i = 0; i < 10; i++) {
    y.push(1);
    s.push(i < 6 ? 0.7 : 0.2);
    g.push('b');
  }

  it('is deterministic for a seed and changes with the seed', () => {
    const one = bootstrapIntervals(y, s, g, { seed: 7 });
    expect(bootstrapIntervals(y, s, g, { seed: 7 })).toEqual(one);
    expect(bootstrapIntervals(y, s, g, { seed: 8 })).not.toEqual(one);
  });

  it('matches the normal-approximation width for a large group', () => {
    const [a] = bootstrapIntervals(y, s, g, { seed: 3, replicates: 4000 });
    // Percentile interval of a binomial proportion ≈ p ± 1.96·sqrt(p(1−p)/n) = 0.25 ± 0.0424;
    // Monte Carlo error of the 2.5% / 97.5% quantiles with 4000 replicates is about 0.003.
    expect(a.group).toBe('a');
    expect(a.selection_rate!.lo).toBeGreaterThan(0.25 - 0.0424 - 0.01);
    expect(a.selection_rate!.lo).toBeLessThan(0.25 - 0.0424 + 0.01);
    expect(a.selection_rate!.hi).toBeGreaterThan(0.25 + 0.0424 - 0.01);
    expect(a.selection_rate!.hi).toBeLessThan(0.25 + 0.0424 + 0.01);
  });

  it('shows wider intervals for small groups and null for undefined rates', () => {
    const [a, b] = bootstrapIntervals(y, s, g, { seed: 3 });
    const width = (i: { lo: number; hi: number } | null) => i!.hi - i!.lo;
    expect(width(b.selection_rate)).toBeGreaterThan(2 * width(a.selection_rate));
    expect(b.fpr).toBeNull(); // group b has no label-0 rows
    expect(b.tpr!.lo).toBeLessThanOrEqual(0.6);
    expect(b.tpr!.hi).toBeGreaterThanOrEqual(0.6);
    for (const iv of [a.selection_rate, a.tpr, a.fpr, a.precision, a.accuracy]) {
      expect(iv!.lo).toBeLessThanOrEqual(iv!.hi);
    }
  });
});
