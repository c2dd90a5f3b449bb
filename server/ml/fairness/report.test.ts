// Compared with tests/reference/fairness_reference.py (scikit-learn 1.2.1 per-slice metrics).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fairnessReport, MISSING_GROUP, UnknownGroupError } from './report';

interface Case {
  name: string;
  y: number[];
  score: number[];
  group: (string | null)[];
  threshold: number;
  reference_group: string | null;
  report: Record<string, any>;
}
const fixture = JSON.parse(readFileSync(new URL('../../../tests/reference/fixtures/fairness.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

/** Deep comparison with 1e-12 relative tolerance on numbers (ratios of small integer counts). */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    expect(Object.keys(actual as object), path).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toBe(expected);
  }
}

describe('fairnessReport against the reference', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const r = fairnessReport(c.y, c.score, c.group, {
        threshold: c.threshold,
        ...(c.reference_group !== null ? { referenceGroup: c.reference_group } : {}),
      });
      expectClose(r, c.report, c.name);
    });
  }
});

describe('fairnessReport conventions', () => {
  it('sorts group names by code point and names missing values (missing)', () => {
    const r = fairnessReport([0, 1, 0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8, 0.3, 0.7], ['😀', '\uFFFF', 'é', 'Z', 'a', null]);
    expect(r.groups.map((g) => g.group)).toEqual([MISSING_GROUP, 'Z', 'a', 'é', '\uFFFF', '😀']);
  });
  it('picks the largest group as reference, ties to the first name', () => {
    expect(fairnessReport([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8], ['b', 'b', 'a', 'a']).reference_group).toBe('a');
    expect(fairnessReport([0, 1, 0], [0.1, 0.9, 0.2], ['b', 'b', 'a']).reference_group).toBe('b');
  });
  it('counts a score equal to the threshold as selected', () => {
    const r = fairnessReport([1, 0], [0.5, 0.5], ['g', 'g'], { threshold: 0.5 });
    expect(r.groups[0].selection_rate).toBe(1);
  });
  it('treats 0.8 and 1.25 as within parity despite rounding', () => {
    // selection rates 0.24 / 0.3 = 0.7999999999999999 in floating point.
    const n = 50;
    const y = new Array(2 * n).fill(0);
    const s = [...Array.from({ length: n }, (_, i) => (i < 15 ? 0.9 : 0.1)), ...Array.from({ length: n }, (_, i) => (i < 12 ? 0.9 : 0.1))];
    const g = [...new Array(n).fill('a'), ...new Array(n).fill('b')];
    const r = fairnessReport(y, s, g, { referenceGroup: 'a' });
    expect(r.groups[1].disparity.selection_rate).toBeCloseTo(0.8, 12);
    expect(r.groups[1].parity_ok).toBe(true);
    const r2 = fairnessReport(y, s, g, { referenceGroup: 'b' });
    expect(r2.groups[0].disparity.selection_rate).toBeCloseTo(1.25, 12);
    expect(r2.groups[0].parity_ok).toBe(true);
  });
  it('rejects an unknown reference group by name', () => {
    expect(() => fairnessReport([0], [0.1], ['a'], { referenceGroup: 'zz' })).toThrow(UnknownGroupError);
    expect(() => fairnessReport([0], [0.1], ['a'], { referenceGroup: 'zz' })).toThrow("reference group 'zz' not found (groups: a)");
  });
});
