import { describe, expect, it } from 'vitest';
import { loadFixture, type TestsFixture } from './test-fixtures';
import { jensenShannonDistance } from './jensen-shannon';
import { psiBinCounts, psiEdges, psiFromCounts, psiNumeric } from './psi';
import { quantileSorted } from './quantile';
import { sample } from './test-rng';
import { normalizedWasserstein, wassersteinDistance, weightedStd } from './wasserstein';

const F = loadFixture<TestsFixture>('drift-tests.json');
// Closed forms over short sums: 1e-13 relative (1e-15 absolute near 0).
const close = (got: number, want: number) => Math.abs(got - want) <= 1e-13 * Math.abs(want) + 1e-15;

describe('jensenShannonDistance against scipy.spatial.distance.jensenshannon', () => {
  it.each(F.jensenshannon.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(close(jensenShannonDistance(c.ref, c.cur), c.statistic)).toBe(true);
  });
  it('is sqrt(ln 2) for disjoint supports and 0 for equal proportions', () => {
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 15);
    expect(jensenShannonDistance([1, 2], [2, 4])).toBe(0);
  });
});

describe('PSI', () => {
  it.each(F.psi_counts.map((c) => [c.name, c] as const))('from counts: %s', (_n, c) => {
    expect(close(psiFromCounts(c.ref, c.cur), c.statistic)).toBe(true);
  });
  it.each(F.psi_numeric.map((c) => [c.name, c] as const))('numeric, numpy decile edges: %s', (_n, c) => {
    const ref = c.a ? Float64Array.from(c.a) : sample(c.spec_a!);
    const cur = c.b ? Float64Array.from(c.b) : sample(c.spec_b!);
    const sorted = Float64Array.from(ref).sort();
    const edges = psiEdges(sorted);
    expect(edges).toEqual(c.edges); // exact: a value on an edge changes its bin
    expect(psiBinCounts(edges, ref)).toEqual(c.ref_counts);
    expect(psiBinCounts(edges, cur)).toEqual(c.cur_counts);
    expect(close(psiNumeric(sorted, cur), c.statistic)).toBe(true);
  });
  it('quantile follows numpy lerp at both weights', () => {
    expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
    expect(quantileSorted([0, 10], 0.75)).toBe(7.5);
    expect(quantileSorted([4], 0.5)).toBe(4);
  });
});

describe('Wasserstein against scipy.stats.wasserstein_distance', () => {
  it.each(F.wasserstein.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const u = { values: c.u ?? sample(c.spec_a!), weights: c.u_weights ?? undefined };
    const v = { values: c.v ?? sample(c.spec_b!), weights: c.v_weights ?? undefined };
    expect(close(wassersteinDistance(u, v), c.distance)).toBe(true);
    expect(close(weightedStd(u), c.std)).toBe(true);
    expect(close(normalizedWasserstein(u, v), c.normalized)).toBe(true);
  });
  it('counts as weights equal the expanded sample (rollup form)', () => {
    const expanded = wassersteinDistance({ values: [1, 1, 2, 2, 2, 5] }, { values: [1, 2, 2, 7] });
    const weighted = wassersteinDistance({ values: [5, 1, 2], weights: [1, 2, 3] }, { values: [1, 2, 7], weights: [1, 2, 1] });
    expect(weighted).toBeCloseTo(expanded, 15);
  });
});
