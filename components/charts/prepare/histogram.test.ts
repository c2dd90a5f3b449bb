import { describe, expect, it } from 'vitest';
import { profileCategorical, profileNumeric } from '@/server/ml/data/profile';
import { categoricalBars, compareCodePoint, formatDistinct, niceScale, numericDensityBins, numericHistogramBars } from './histogram';

const labels = (bars: { label: string }[]) => bars.map((b) => b.label);
const counts = (bars: { count: number }[]) => bars.map((b) => b.count);

describe('numericHistogramBars', () => {
  it('labels the decile bins of 1…100 by range, closing the ends with min and max', () => {
    // numpy linear deciles of 1…100 are 10.9, 20.8, …, 90.1; each bin then holds 10 values.
    const p = profileNumeric('x', Float64Array.from({ length: 100 }, (_, i) => i + 1));
    const bars = numericHistogramBars(p.histogram, p.min, p.max);
    expect(labels(bars)).toEqual([
      '[1, 10.9]',
      '(10.9, 20.8]',
      '(20.8, 30.7]',
      '(30.7, 40.6]',
      '(40.6, 50.5]',
      '(50.5, 60.4]',
      '(60.4, 70.3]',
      '(70.3, 80.2]',
      '(80.2, 90.1]',
      '(90.1, 100]',
    ]);
    expect(counts(bars)).toEqual(Array(10).fill(10));
    expect(bars.map((b) => b.share)).toEqual(Array(10).fill(0.1));
    expect(new Set(bars.map((b) => b.key)).size).toBe(10);
  });

  it('says when the first bin holds a single value and the last bin cannot hold any', () => {
    // Nine zeros and a 5: deciles 0.1…0.8 are 0, the 0.9 decile is 0 + 0.1·5 = 0.5.
    const p = profileNumeric('x', Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 5]));
    // (numpy gives 0.4999999999999982 too: the interpolation rounds; the label still reads 0.5.)
    expect(p.histogram.bin_edges).toHaveLength(2);
    expect(p.histogram.bin_edges[0]).toBe(0);
    expect(p.histogram.bin_edges[1]).toBeCloseTo(0.5, 12);
    const bars = numericHistogramBars(p.histogram, p.min, p.max);
    expect(labels(bars)).toEqual(['0', '(0, 0.5]', '(0.5, 5]']);
    expect(counts(bars)).toEqual([9, 0, 1]);

    // 1…9 and 9 again: the 0.9 decile equals the max, so the last bin is empty and open.
    const q = profileNumeric('y', Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 9]));
    const qb = numericHistogramBars(q.histogram, q.min, q.max);
    expect(labels(qb)[0]).toBe('[1, 1.9]');
    expect(labels(qb).slice(-2)).toEqual(['(8.2, 9]', '> 9']);
    expect(counts(qb)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 0]);
  });

  it('handles a constant column, a column without values, and a profile without min/max', () => {
    const c = profileNumeric('c', Float64Array.from([3, 3, 3]));
    expect(labels(numericHistogramBars(c.histogram, c.min, c.max))).toEqual(['3', '> 3']);
    const none = profileNumeric('n', Float64Array.from([NaN, NaN]));
    const nb = numericHistogramBars(none.histogram, none.min, none.max);
    expect(nb).toEqual([{ key: 'bin-0', label: 'all values', count: 0, share: 0 }]);
    expect(labels(numericHistogramBars({ bin_edges: [1, 2], counts: [4, 5, 6] }))).toEqual(['≤ 1', '(1, 2]', '> 2']);
  });

  it('refuses a histogram whose counts do not match its edges', () => {
    expect(() => numericHistogramBars({ bin_edges: [1, 2], counts: [1, 2] })).toThrow(/2 edges but 2 counts/);
  });
});

describe('formatDistinct', () => {
  it('uses 4 significant digits unless that merges distinct values', () => {
    expect(formatDistinct([0.123456, 1234.5678, -2.5e-7])).toEqual(['0.1235', '1235', '-2.5e-7']);
    expect(formatDistinct([1.00001, 1.00002])).toEqual(['1.00001', '1.00002']);
    // Equal inputs stay equal and do not force more digits.
    expect(formatDistinct([2 / 3, 2 / 3, 1])).toEqual(['0.6667', '0.6667', '1']);
    expect(formatDistinct([0.1 + 0.2, 0.3])).toEqual(['0.30000000000000004', '0.3']);
  });
});

describe('categoricalBars', () => {
  it('keeps the 20 most frequent categories and sums the rest with the profile\'s other', () => {
    // 30 categories c00…c29 with counts 30…1; the profile lists only the top 25 (other = 5+4+3+2+1).
    const values: string[] = [];
    for (let i = 0; i < 30; i++) for (let n = 0; n < 30 - i; n++) values.push(`c${String(i).padStart(2, '0')}`);
    const p = profileCategorical('k', values, 25);
    expect(p.other).toBe(15);
    const bars = categoricalBars(p.categories, p.other, 20, p.distinct);
    expect(bars).toHaveLength(21);
    expect(labels(bars).slice(0, 3)).toEqual(['c00', 'c01', 'c02']);
    expect(bars[19]).toMatchObject({ label: 'c19', count: 11 });
    // c20…c29 hold 10+9+…+1 = 55 values.
    expect(bars[20]).toMatchObject({ key: 'other', label: 'other (10 more)', count: 55 });
    const total = (30 * 31) / 2;
    expect(bars[0].share).toBe(30 / total);
    expect(bars.reduce((s, b) => s + b.count, 0)).toBe(total);
  });

  it('orders ties by code point and adds no other bar when nothing is left', () => {
    const cats = [
      { value: '\u{1F600}', count: 2 },
      { value: '\uFFFF', count: 2 },
      { value: 'a', count: 2 },
      { value: 'B', count: 2 },
      { value: 'z', count: 3 },
    ];
    const bars = categoricalBars(cats, 0);
    expect(labels(bars)).toEqual(['z', 'B', 'a', '\uFFFF', '\u{1F600}']);
    expect(bars.map((b) => b.share)).toEqual([3 / 11, 2 / 11, 2 / 11, 2 / 11, 2 / 11]);
    expect(labels(categoricalBars(cats, 4, 2))).toEqual(['z', 'B', 'other']);
    expect(counts(categoricalBars(cats, 4, 2))).toEqual([3, 2, 10]);
  });

  it('compareCodePoint differs from UTF-16 order above the BMP', () => {
    expect(compareCodePoint('\uFFFF', '\u{1F600}')).toBeLessThan(0);
    expect('\uFFFF' < '\u{1F600}').toBe(false);
    expect(compareCodePoint('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoint('abc', 'abc')).toBe(0);
  });
});

describe('numericDensityBins (issue 9, D7: equal-count bins drawn at their real widths)', () => {
  // A right-skewed column (exponential quantiles): decile bins all hold ~10 % of the values,
  // so drawn as equal-width bars it looked flat; at real widths the density falls off.
  const values = Float64Array.from({ length: 1000 }, (_, i) => -Math.log(1 - (i + 0.5) / 1000));
  const p = profileNumeric('x', values);

  it('covers [min, max] with contiguous bins whose areas are their shares', () => {
    const bins = numericDensityBins(p.histogram, p.min, p.max)!;
    expect(bins[0].x0).toBe(p.min);
    expect(bins[bins.length - 1].x1).toBe(p.max);
    for (let i = 1; i < bins.length; i++) expect(bins[i].x0).toBe(bins[i - 1].x1);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(1000);
    for (const b of bins) expect(b.density * (b.x1 - b.x0)).toBeCloseTo(b.share, 12);
  });

  it('shows the skew that equal-width bars hid: the first bin is far denser than the last', () => {
    const bins = numericDensityBins(p.histogram, p.min, p.max)!;
    const counts = bins.map((b) => b.count);
    expect(Math.max(...counts) / Math.min(...counts)).toBeLessThan(1.1);
    expect(bins[0].density / bins[bins.length - 1].density).toBeGreaterThan(20);
    // Each density matches the exponential pdf at the bin's middle, to within sampling error.
    for (const b of bins.slice(0, -1)) expect(b.density).toBeCloseTo(Math.exp(-(b.x0 + b.x1) / 2), 1);
  });

  it('draws a repeated value as a narrow bar and returns null when there is no range', () => {
    const q = profileNumeric('y', Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]));
    const bins = numericDensityBins(q.histogram, q.min, q.max)!;
    expect(bins.every((b) => Number.isFinite(b.density))).toBe(true);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(20);
    expect(numericDensityBins(profileNumeric('z', Float64Array.from([3, 3])).histogram, 3, 3)).toBeNull();
    expect(numericDensityBins({ bin_edges: [], counts: [0] }, null, null)).toBeNull();
  });
});

describe('niceScale (issue 9, D13: no repeated tick labels)', () => {
  it('labels ticks near 1 distinctly and covers the data', () => {
    const s = niceScale(0.9812, 0.9993);
    expect(new Set(s.labels).size).toBe(s.labels.length);
    expect(s.domain[0]).toBeLessThanOrEqual(0.9812);
    expect(s.domain[1]).toBeGreaterThanOrEqual(0.9993);
    expect(s.labels).toEqual(['0.98', '0.985', '0.99', '0.995', '1']);
  });
  it('gives round ticks over [0, 1] and handles a single value', () => {
    expect(niceScale(0, 1, 6).labels).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    const one = niceScale(5, 5);
    expect(one.domain[0]).toBeLessThan(5);
    expect(one.domain[1]).toBeGreaterThan(5);
  });
});
