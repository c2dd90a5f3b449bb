import { describe, expect, it } from 'vitest';
import { compareImportance } from './importance-comparison';

const imp = (input: string, importance: number) => ({ input, importance, std: 0.01 });

describe('compareImportance', () => {
  it('joins inputs of both versions, sorted by candidate importance, with the change', () => {
    const rows = compareImportance([imp('x1', 0.05), imp('x2', 0.2), imp('region', 0.01)], [imp('x1', 0.15), imp('x2', 0.1), imp('region', 0.01)]);
    expect(rows.map((r) => r.input)).toEqual(['x2', 'x1', 'region']);
    expect(rows[0]).toEqual({ input: 'x2', candidate: 0.2, incumbent: 0.1, change: expect.closeTo(0.1, 12) as number });
    expect(rows[1].change).toBeCloseTo(-0.1, 12);
    expect(rows[2].change).toBe(0);
  });

  it('keeps inputs only one version has, with a null side and no change; the candidate-only ones sort by importance, incumbent-only ones last', () => {
    const rows = compareImportance([imp('new', 0.3), imp('x1', 0.1)], [imp('x1', 0.1), imp('gone', 0.02), imp('gone2', 0.4)]);
    expect(rows).toEqual([
      { input: 'new', candidate: 0.3, incumbent: null, change: null },
      { input: 'x1', candidate: 0.1, incumbent: 0.1, change: 0 },
      { input: 'gone2', candidate: null, incumbent: 0.4, change: null },
      { input: 'gone', candidate: null, incumbent: 0.02, change: null },
    ]);
  });

  it('breaks ties by name and handles negative importance (shuffling helped) and empty sides', () => {
    expect(compareImportance([imp('b', 0.1), imp('a', 0.1), imp('c', -0.01)], []).map((r) => r.input)).toEqual(['a', 'b', 'c']);
    expect(compareImportance([], [])).toEqual([]);
  });
});
