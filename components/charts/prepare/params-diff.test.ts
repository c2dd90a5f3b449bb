import { describe, expect, it } from 'vitest';
import { canonicalJson, diffParams, flattenParams, formatParamValue } from './params-diff';

describe('diffParams', () => {
  it('marks equal values as not differing and unequal ones as differing', () => {
    const rows = diffParams([
      { n_trees: 20, max_depth: 3, learning_rate: 0.1 },
      { n_trees: 20, max_depth: 6, learning_rate: 0.1 },
    ]);
    expect(rows.map((r) => [r.key, r.differs])).toEqual([
      ['learning_rate', false],
      ['max_depth', true],
      ['n_trees', false],
    ]);
    expect(rows.find((r) => r.key === 'max_depth')!.values).toEqual([3, 6]);
  });

  it('a key missing from one run differs, and is reported as absent there', () => {
    const rows = diffParams([{ l2: 1, max_iter: 100 }, { l2: 1, n_trees: 20 }, { l2: 1 }]);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.l2.differs).toBe(false);
    expect(byKey.max_iter.present).toEqual([true, false, false]);
    expect(byKey.max_iter.differs).toBe(true);
    expect(byKey.n_trees.present).toEqual([false, true, false]);
    expect(byKey.n_trees.values).toEqual([undefined, 20, undefined]);
  });

  it('a key present with value null is not the same as a missing key', () => {
    const [row] = diffParams([{ a: null }, {}]);
    expect(row.present).toEqual([true, false]);
    expect(row.differs).toBe(true);
    expect(diffParams([{ a: null }, { a: null }])[0].differs).toBe(false);
  });

  it('compares nested objects leaf by leaf under dotted keys', () => {
    const rows = diffParams([
      { tree: { depth: 3, bins: 255 }, tags: ['a', 'b'] },
      { tree: { bins: 255, depth: 4 }, tags: ['a', 'b'] },
    ]);
    expect(rows.map((r) => [r.key, r.differs])).toEqual([
      ['tags', false],
      ['tree.bins', false],
      ['tree.depth', true],
    ]);
  });

  it('compares arrays in order and objects inside arrays regardless of key order', () => {
    expect(diffParams([{ a: [1, 2] }, { a: [2, 1] }])[0].differs).toBe(true);
    expect(diffParams([{ a: [{ x: 1, y: 2 }] }, { a: [{ y: 2, x: 1 }] }])[0].differs).toBe(false);
  });

  it('a value that is an object in one run and a number in another shows as two differing rows', () => {
    const rows = diffParams([{ a: { b: 1 } }, { a: 2 }]);
    expect(rows.map((r) => [r.key, r.present, r.differs])).toEqual([
      ['a', [false, true], true],
      ['a.b', [true, false], true],
    ]);
  });

  it('distinguishes types that print alike: 1 vs "1", true vs "true"', () => {
    expect(diffParams([{ a: 1 }, { a: '1' }])[0].differs).toBe(true);
    expect(diffParams([{ a: true }, { a: 'true' }])[0].differs).toBe(true);
  });

  it('sorts keys by code point and accepts null params', () => {
    const rows = diffParams([{ b: 1, B: 2, a: 3 }, null]);
    expect(rows.map((r) => r.key)).toEqual(['B', 'a', 'b']);
    expect(rows.every((r) => r.differs)).toBe(true);
  });

  it('one run alone never differs', () => {
    expect(diffParams([{ a: 1, b: { c: 2 } }]).some((r) => r.differs)).toBe(false);
  });
});

describe('helpers', () => {
  it('flattens nested objects but keeps empty objects and arrays as leaves', () => {
    expect([...flattenParams({ a: { b: { c: 1 } }, e: {}, f: [1] })]).toEqual([
      ['a.b.c', 1],
      ['e', {}],
      ['f', [1]],
    ]);
  });
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[{"c":2,"d":1}]}');
  });
  it('formats missing values as a dash and strings without quotes', () => {
    expect(formatParamValue(undefined, false)).toBe('—');
    expect(formatParamValue('hist', true)).toBe('hist');
    expect(formatParamValue(0.1, true)).toBe('0.1');
    expect(formatParamValue(null, true)).toBe('null');
  });
});
