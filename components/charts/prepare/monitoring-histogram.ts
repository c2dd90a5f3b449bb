// Reference vs current histogram of one input (trpc.monitoring.histogram bins, proportions in
// [0, 1]) as percentages for grouped bars, and slice groups (trpc.monitoring.slices) as bars.
import { byCodePoint } from './monitoring-series';

export interface HistogramBin {
  label: string;
  reference: number;
  current: number;
  currentCount: number;
}

export interface ComparedBar {
  key: string;
  label: string;
  /** Percent of the reference rows in this bin. */
  reference: number;
  /** Percent of the window's rows in this bin. */
  current: number;
  currentCount: number;
  /** current − reference, in percentage points. */
  change: number;
}

const pct = (x: number) => Math.round(x * 1e6) / 1e4;

export function prepareComparedHistogram(bins: readonly HistogramBin[]): { bars: ComparedBar[]; currentTotal: number; largestShift: ComparedBar | null } {
  const bars = bins.map((b, i) => ({ key: `b${i}`, label: b.label, reference: pct(b.reference), current: pct(b.current), currentCount: b.currentCount, change: pct(b.current - b.reference) }));
  const currentTotal = bins.reduce((s, b) => s + b.currentCount, 0);
  const largestShift = currentTotal ? bars.reduce<ComparedBar | null>((a, b) => (a === null || Math.abs(b.change) > Math.abs(a.change) ? b : a), null) : null;
  return { bars, currentTotal, largestShift };
}

export interface SliceGroup {
  group: string;
  n: number;
  selectionRate: number;
  meanScore: number;
}

export interface SliceBar {
  group: string;
  n: number;
  selectionRate: number;
  meanScore: number;
}

/** The `max` largest groups (by rows, then name) as bars, in percent; the rest are counted. */
export function prepareSliceBars(groups: readonly SliceGroup[], max = 12): { bars: SliceBar[]; hidden: number } {
  const sorted = [...groups].sort((a, b) => b.n - a.n || byCodePoint(a.group, b.group));
  return { bars: sorted.slice(0, max).map((g) => ({ group: g.group, n: g.n, selectionRate: pct(g.selectionRate), meanScore: pct(g.meanScore) })), hidden: Math.max(0, sorted.length - max) };
}
