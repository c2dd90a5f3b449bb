// Compared with numpy 1.24 values from tests/reference/profile_reference.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { buildTable } from './table';
import { inferSchema, limitProfileValues, PROFILE_VALUE_CHARS, profileTable, type ColumnProfile } from './profile';
import { binCounts, decileEdges } from './histogram';
import { quantileSorted } from './quantile';

const fixture = JSON.parse(readFileSync(new URL('../../../tests/reference/fixtures/profile.json', import.meta.url), 'utf8')) as {
  cases: { name: string; csv: string; profiles: Record<string, unknown>[] }[];
};

// Relative 1e-9: mean/std sum in a different order than numpy's pairwise summation.
function close(a: number | null, e: number | null, what: string): void {
  if (e === null) return expect(a, what).toBeNull();
  expect(Math.abs((a as number) - e), `${what}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
}

describe('profileTable against numpy', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const { header, rows } = parseCsv(c.csv);
      const got = profileTable(buildTable(header, rows));
      expect(got.map((p) => p.name)).toEqual(c.profiles.map((p) => p.name));
      got.forEach((p: ColumnProfile, j) => {
        const e = c.profiles[j] as Record<string, any>;
        const what = `${c.name}.${p.name}`;
        expect(p.type, what).toBe(e.type);
        expect([p.nullable, p.count, p.missing], what).toEqual([e.nullable, e.count, e.missing]);
        close(p.missing_share, e.missing_share, `${what}.missing_share`);
        if (p.type === 'numeric') {
          for (const k of ['min', 'max', 'mean', 'std'] as const) close(p[k], e[k], `${what}.${k}`);
          expect(p.quantiles.length, what).toBe(e.quantiles.length);
          p.quantiles.forEach((q, i) => close(q, e.quantiles[i], `${what}.q${i}`));
          // Edges are quantiles (compared with tolerance); counts must match exactly.
          expect(p.histogram.bin_edges.length, what).toBe(e.histogram.bin_edges.length);
          p.histogram.bin_edges.forEach((b, i) => close(b, e.histogram.bin_edges[i], `${what}.edge${i}`));
          expect(p.histogram.counts, what).toEqual(e.histogram.counts);
        } else {
          expect([p.distinct, p.other], what).toEqual([e.distinct, e.other]);
          expect(p.categories, what).toEqual(e.categories);
        }
      });
    });
  }
});

describe('profile pieces', () => {
  it('caps categories at 50 with an other count, 007 and 7 distinct', () => {
    const mixed = fixture.cases.find((c) => c.name === 'mixed_500')!;
    const { header, rows } = parseCsv(mixed.csv);
    const many = profileTable(buildTable(header, rows)).find((p) => p.name === 'many')!;
    expect(many.type).toBe('categorical');
    if (many.type === 'categorical') {
      expect(many.categories).toHaveLength(50);
      expect(many.distinct).toBeGreaterThan(50);
      expect(many.other).toBeGreaterThan(0);
    }
    const small = fixture.cases.find((c) => c.name === 'ties_small')!;
    const t = parseCsv(small.csv);
    const cProfile = profileTable(buildTable(t.header, t.rows)).find((p) => p.name === 'c')!;
    expect(cProfile.type === 'categorical' && cProfile.categories.map((x) => x.value)).toEqual(['007', '7', 'x']);
  });
  it('bins values into (-inf, e1], (e1, e2], …, (ek, +inf)', () => {
    expect(binCounts([0, 1, 1.5, 2, 2.0001, 9, NaN], [1, 2])).toEqual([2, 2, 2]);
    expect(decileEdges(new Float64Array([5, 5, 5]))).toEqual([5]);
    expect(decileEdges(new Float64Array([]))).toEqual([]);
  });
  it('interpolates quantiles like numpy linear', () => {
    const s = new Float64Array([1, 2, 4, 8]);
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 1)).toBe(8);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 0.9)).toBeCloseTo(6.8, 12);
  });
  it('infers the schema', () => {
    const { header, rows } = parseCsv('a,b,c\n1,x,\n2,,\n');
    expect(inferSchema(buildTable(header, rows))).toEqual([
      { name: 'a', type: 'numeric', nullable: false },
      { name: 'b', type: 'categorical', nullable: true },
      { name: 'c', type: 'numeric', nullable: true },
    ]);
  });
});

describe('limitProfileValues (issue 9, D6)', () => {
  it('cuts a 10 MB field to PROFILE_VALUE_CHARS code points in the stored profile, counts unchanged', () => {
    const huge = 'é'.repeat(10 * 1024 * 1024);
    const table = buildTable(['c', 'n'], [[huge, '1'], ['short', '2'], [huge, '3']]);
    const limited = limitProfileValues(profileTable(table));
    expect(JSON.stringify(limited).length).toBeLessThan(2000);
    const c = limited[0];
    expect(c.type === 'categorical' && c.categories).toEqual([
      { value: 'é'.repeat(PROFILE_VALUE_CHARS) + '…', count: 2, truncated: true },
      { value: 'short', count: 1 },
    ]);
    expect(limited[1]).toEqual(profileTable(table)[1]);
  });
});
