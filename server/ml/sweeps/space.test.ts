import { describe, expect, it } from 'vitest';
import { gridPoints, gridSize, MAX_SWEEP_RUNS, parseSpace, randomPoints, SpaceError } from './space';

describe('parseSpace', () => {
  it('accepts lists for a grid and lists or ranges for random search', () => {
    expect(parseSpace({ l2: [0.1, 1], max_iter: [50] }, 'grid')).toEqual({ l2: [0.1, 1], max_iter: [50] });
    expect(parseSpace({ l2: { min: 0.001, max: 10, log: true }, max_iter: { min: 10, max: 200 } }, 'random', new Set(['max_iter']))).toEqual({
      l2: { min: 0.001, max: 10, log: true },
      max_iter: { min: 10, max: 200, int: true },
    });
  });

  it.each([
    ['an array', [1, 2], 'grid', /must be a JSON object/],
    ['null', null, 'grid', /got null/],
    ['a string', 'l2=1', 'grid', /got string/],
    ['no params', {}, 'grid', /names no param/],
    ['an empty list', { l2: [] }, 'grid', /l2: the list of values is empty/],
    ['a nested value', { l2: [1, { a: 1 }] }, 'grid', /l2: value 2 must be/],
    ['a range in a grid', { l2: { min: 0, max: 1 } }, 'grid', /l2: a grid needs a list/],
    ['a bare number', { l2: 1 }, 'random', /l2: give a list of values or a range/],
    ['min ≥ max', { l2: { min: 2, max: 1 } }, 'random', /l2: min \(2\) must be less than max \(1\)/],
    ['a string bound', { l2: { min: '0', max: 1 } }, 'random', /l2: min must be a number/],
    ['a log range from 0', { l2: { min: 0, max: 1, log: true } }, 'random', /l2: a log range needs min > 0/],
    ['an unknown range key', { l2: { min: 0, max: 1, step: 0.1 } }, 'random', /l2: a range takes .* not step/],
    ['an int range without integers', { n: { min: 0.2, max: 0.8, int: true } }, 'random', /n: no whole number/],
    ['too many values', { l2: Array.from({ length: 101 }, (_, i) => i) }, 'grid', /l2: at most 100 values/],
  ] as const)('refuses %s, naming the param', (_what, raw, strategy, message) => {
    expect(() => parseSpace(raw, strategy)).toThrow(SpaceError);
    expect(() => parseSpace(raw, strategy)).toThrow(message);
  });
});

describe('gridPoints', () => {
  it('expands every combination, the last param varying fastest', () => {
    const space = parseSpace({ l2: [0.1, 1], max_iter: [50, 100, 200] }, 'grid');
    expect(gridSize(space)).toBe(6);
    expect(gridPoints(space)).toEqual([
      { l2: 0.1, max_iter: 50 },
      { l2: 0.1, max_iter: 100 },
      { l2: 0.1, max_iter: 200 },
      { l2: 1, max_iter: 50 },
      { l2: 1, max_iter: 100 },
      { l2: 1, max_iter: 200 },
    ]);
  });

  it('refuses a grid larger than the cap without building it', () => {
    const space = parseSpace({ a: Array.from({ length: 100 }, (_, i) => i), b: Array.from({ length: 100 }, (_, i) => i), c: Array.from({ length: 100 }, (_, i) => i) }, 'grid');
    expect(gridSize(space)).toBe(1_000_000);
    expect(() => gridPoints(space)).toThrow(`the grid has 1000000 points, more than the ${MAX_SWEEP_RUNS} runs a sweep may have`);
    expect(() => gridPoints(parseSpace({ a: [1, 2, 3] }, 'grid'), 2)).toThrow('the grid has 3 points, more than the 2 runs');
    expect(gridPoints(parseSpace({ a: [1, 2, 3] }, 'grid'), 3)).toHaveLength(3);
  });
});

describe('randomPoints', () => {
  const space = parseSpace({ l2: { min: 0.001, max: 10, log: true }, tol: { min: 1e-6, max: 1e-2 }, max_iter: { min: 10, max: 20, int: true }, kind: ['a', 'b', 'c'] }, 'random');

  it('gives the same points for the same seed and different points for another', () => {
    const a = randomPoints(space, 20, 7);
    expect(randomPoints(space, 20, 7)).toEqual(a);
    expect(randomPoints(space, 20, 8)).not.toEqual(a);
    // A prefix of a longer draw: asking for more runs keeps the first points.
    expect(randomPoints(space, 5, 7)).toEqual(a.slice(0, 5));
  });

  it('keeps every value in its range, integers whole, choices from the list', () => {
    const points = randomPoints(space, 100, 1);
    for (const p of points) {
      expect(p.l2).toBeGreaterThanOrEqual(0.001);
      expect(p.l2).toBeLessThanOrEqual(10);
      expect(p.tol).toBeGreaterThanOrEqual(1e-6);
      expect(p.tol).toBeLessThanOrEqual(1e-2);
      expect(Number.isInteger(p.max_iter)).toBe(true);
      expect(p.max_iter).toBeGreaterThanOrEqual(10);
      expect(p.max_iter).toBeLessThanOrEqual(20);
      expect(['a', 'b', 'c']).toContain(p.kind);
    }
    // Log sampling spreads over the decades: about a fifth of 100 draws below 0.01.
    const low = points.filter((p) => (p.l2 as number) < 0.01).length;
    expect(low).toBeGreaterThan(8);
    expect(low).toBeLessThan(35);
    // Both integer ends are reachable.
    expect(new Set(points.map((p) => p.max_iter)).size).toBe(11);
  });

  it('refuses a run count outside 1..cap', () => {
    expect(() => randomPoints(space, 0, 1)).toThrow('a random sweep has 1 to 100 runs, got 0');
    expect(() => randomPoints(space, 101, 1)).toThrow('got 101');
    expect(() => randomPoints(space, 2.5, 1)).toThrow('got 2.5');
  });
});
