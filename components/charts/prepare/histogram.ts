// Turns a column profile's histogram (server/ml/data/profile.ts) into the bars a chart draws.
// Pure: the chart component only renders what these functions return.

export interface HistogramBar {
  /** Unique within one chart (recharts keys the category axis by it). */
  key: string;
  /** Human label of the bin or category. */
  label: string;
  count: number;
  /** count ÷ the sum of all bars' counts (0 when that sum is 0). */
  share: number;
}

/** Default number of categories drawn before the rest is summed into one "other" bar. */
export const TOP_CATEGORY_BARS = 20;

/**
 * Shortest formatting (4 to 17 significant digits) that keeps every distinct value distinct, so
 * two nearby bin edges never print as the same number.
 */
export function formatDistinct(values: readonly number[]): string[] {
  const distinct = new Set(values).size;
  for (let p = 4; p <= 17; p++) {
    const out = values.map((v) => format(v, p));
    if (new Set(out).size === distinct) return out;
  }
  return values.map((v) => String(v));
}

function format(v: number, precision: number): string {
  if (!Number.isFinite(v)) return String(v);
  // Number(...) drops the trailing zeros toPrecision leaves ("1.500" → "1.5").
  return String(Number(v.toPrecision(precision)));
}

function withShares(bars: Omit<HistogramBar, 'share'>[]): HistogramBar[] {
  const total = bars.reduce((s, b) => s + b.count, 0);
  return bars.map((b) => ({ ...b, share: total > 0 ? b.count / total : 0 }));
}

/**
 * Bars of a numeric profile's histogram. The profile's k edges make k + 1 bins
 * (-inf, e1], (e1, e2], …, (ek, +inf); `min`/`max` (when known) close the open ends, so the
 * first bin reads [min, e1] and the last (ek, max]. Where an end bin can hold only one value
 * (min = e1) or no value (max ≤ ek) the label says so instead of showing an empty range.
 */
export function numericHistogramBars(histogram: { bin_edges: readonly number[]; counts: readonly number[] }, min: number | null = null, max: number | null = null): HistogramBar[] {
  const edges = histogram.bin_edges;
  const counts = histogram.counts;
  if (counts.length !== edges.length + 1) throw new Error(`histogram has ${edges.length} edges but ${counts.length} counts (expected ${edges.length + 1})`);
  const hasRange = min !== null && max !== null && Number.isFinite(min) && Number.isFinite(max);
  const text = formatDistinct([...edges, ...(hasRange ? [min, max] : [])]);
  const e = text.slice(0, edges.length);
  const [lo, hi] = hasRange ? text.slice(edges.length) : [null, null];
  const k = edges.length;
  if (k === 0) {
    const label = !hasRange ? 'all values' : min === max ? `${lo}` : `[${lo}, ${hi}]`;
    return withShares([{ key: 'bin-0', label, count: counts[0] }]);
  }
  const bars: Omit<HistogramBar, 'share'>[] = [];
  for (let i = 0; i <= k; i++) {
    let label: string;
    if (i === 0) label = hasRange && min! < edges[0] ? `[${lo}, ${e[0]}]` : hasRange && min === edges[0] ? `${e[0]}` : `≤ ${e[0]}`;
    else if (i === k) label = hasRange && max! > edges[k - 1] ? `(${e[k - 1]}, ${hi}]` : `> ${e[k - 1]}`;
    else label = `(${e[i - 1]}, ${e[i]}]`;
    bars.push({ key: `bin-${i}`, label, count: counts[i] });
  }
  return withShares(bars);
}

/** Orders strings by Unicode code point (not UTF-16 units, not locale), as the profile does. */
export function compareCodePoint(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/**
 * Bars of a categorical profile: the `top` most frequent categories (count desc, ties by code
 * point), then one "other" bar summing the rest, both the listed categories beyond `top` and
 * the profile's own `other` (categories it did not list). `distinct` (when known) lets the
 * other bar say how many categories it holds.
 */
export function categoricalBars(categories: readonly { value: string; count: number }[], other: number, top = TOP_CATEGORY_BARS, distinct?: number): HistogramBar[] {
  const sorted = [...categories].sort((a, b) => b.count - a.count || compareCodePoint(a.value, b.value));
  const shown = sorted.slice(0, top);
  const rest = sorted.slice(top).reduce((s, c) => s + c.count, 0) + other;
  const bars: Omit<HistogramBar, 'share'>[] = shown.map((c, i) => ({ key: `cat-${i}`, label: c.value, count: c.count }));
  if (rest > 0) {
    const more = distinct !== undefined ? distinct - shown.length : undefined;
    bars.push({ key: 'other', label: more !== undefined && more > 0 ? `other (${more} more)` : 'other', count: rest });
  }
  return withShares(bars);
}

/** A numeric bin drawn at its real position and width (equal-count bins have unequal widths). */
export interface DensityBin extends HistogramBar {
  x0: number;
  x1: number;
  /** share ÷ drawn width: the bar's height, so that its area is its share. */
  density: number;
}

/** Width given to a bin of one repeated value (zero width), as a share of the range. */
export const POINT_BIN_SHARE_OF_RANGE = 0.01;

/**
 * The profile's bins at their real widths for a density histogram: the first bin starts at
 * `min`, the last ends at `max`, and each bar's height is its share divided by its width, so a
 * skewed column looks skewed (drawn as equal-width bars, decile bins all look equally tall).
 * A bin of zero width (min = first edge: one value repeated) is drawn POINT_BIN_SHARE_OF_RANGE
 * of the range wide. Null when there is no range to draw (no values, or one value).
 */
export function numericDensityBins(histogram: { bin_edges: readonly number[]; counts: readonly number[] }, min: number | null, max: number | null): DensityBin[] | null {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) return null;
  const bars = numericHistogramBars(histogram, min, max);
  const edges = histogram.bin_edges;
  const span = max - min;
  const pointWidth = span * POINT_BIN_SHARE_OF_RANGE;
  return bars.map((b, i) => {
    const x0 = i === 0 ? min : Math.min(Math.max(edges[i - 1], min), max);
    const x1 = i === bars.length - 1 ? max : Math.min(Math.max(edges[i], min), max);
    const width = x1 > x0 ? x1 - x0 : pointWidth;
    return { ...b, x0, x1, density: b.count > 0 ? b.share / width : 0 };
  });
}

/**
 * A round axis for data in [lo, hi]: about `count` ticks 1, 2 or 5 × 10^k apart, the domain
 * widened to the ticks around the data, and labels that never repeat (formatDistinct): an axis
 * from 0.985 to 1 printed to two digits read "0.99, 0.99".
 */
export function niceScale(lo: number, hi: number, count = 5): { domain: [number, number]; ticks: number[]; labels: string[] } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [0, 1], labels: ['0', '1'] };
  if (hi <= lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    return niceScale(lo - pad, hi + pad, count);
  }
  const raw = (hi - lo) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((x) => x >= raw * (1 - 1e-12))!;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, labels: formatDistinct(ticks) };
}
