// Fairness report preparation for the console: per-group rows with bootstrap intervals for
// small groups, the four-fifths flags, the selection-rate bars with whiskers, and the slice-by-
// slice comparison of two versions. Charts and tables only draw what these return.
import type { GroupIntervals, Interval } from '@/server/ml/fairness/bootstrap';
import type { FairnessReport, GroupReport } from '@/server/ml/fairness/report';

/** Groups smaller than this show their bootstrap interval next to the point estimate. */
export const SMALL_GROUP_N = 1000;
/** The four-fifths band (server/ml/fairness/report.ts); repeated here because that module is server code. */
export const PARITY_BAND = [0.8, 1.25] as const;

export const RATE_KEYS = ['selection_rate', 'tpr', 'fpr', 'precision', 'accuracy'] as const;
export type RateKey = (typeof RATE_KEYS)[number];
export const DISPARITY_KEYS = ['selection_rate', 'tpr', 'fpr', 'precision'] as const;
export type DisparityKey = (typeof DISPARITY_KEYS)[number];

/** A figure with 3 decimals; '–' for an undefined one. */
export function fmt(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

/** "0.420 (0.310–0.550)" for a small group with an interval, else the point estimate alone. */
export function withInterval(value: number | null, interval: Interval | null | undefined, n: number): string {
  if (value === null) return '–';
  if (n >= SMALL_GROUP_N || !interval) return fmt(value);
  return `${fmt(value)} (${fmt(interval.lo)}–${fmt(interval.hi)})`;
}

/** Where a disparity ratio sits against the four-fifths band (same 1e-12 rounding allowance as the server). */
export function disparityFlag(d: number | null): 'low' | 'high' | 'ok' | null {
  if (d === null) return null;
  if (d < PARITY_BAND[0] * (1 - 1e-12)) return 'low';
  if (d > PARITY_BAND[1] * (1 + 1e-12)) return 'high';
  return 'ok';
}

export interface GroupRow extends GroupReport {
  isReference: boolean;
  intervals: GroupIntervals | null;
  /** Formatted cells of the rates, with intervals for small groups. */
  cells: Record<RateKey, string>;
  /** Disparity keys outside the band. */
  outside: DisparityKey[];
}

export function groupRows(report: FairnessReport, intervals: readonly GroupIntervals[] | null | undefined): GroupRow[] {
  const byGroup = new Map((intervals ?? []).map((i) => [i.group, i]));
  return report.groups.map((g) => {
    const iv = byGroup.get(g.group) ?? null;
    const cells = Object.fromEntries(RATE_KEYS.map((k) => [k, withInterval(g[k], iv?.[k], g.n)])) as Record<RateKey, string>;
    const outside = DISPARITY_KEYS.filter((k) => {
      const f = disparityFlag(g.disparity[k]);
      return f === 'low' || f === 'high';
    });
    return { ...g, isReference: g.group === report.reference_group, intervals: iv, cells, outside };
  });
}

export interface SelectionBar {
  group: string;
  rate: number;
  /** recharts ErrorBar deltas [below, above]; [0, 0] without an interval. */
  error: [number, number];
  lo: number | null;
  hi: number | null;
  parityOk: boolean;
}

/** Selection rate per group with its 95 % interval as whiskers. */
export function selectionRateBars(report: FairnessReport, intervals: readonly GroupIntervals[] | null | undefined): SelectionBar[] {
  const byGroup = new Map((intervals ?? []).map((i) => [i.group, i]));
  return report.groups.map((g) => {
    const iv = byGroup.get(g.group)?.selection_rate ?? null;
    return {
      group: g.group,
      rate: g.selection_rate,
      error: iv ? [Math.max(0, g.selection_rate - iv.lo), Math.max(0, iv.hi - g.selection_rate)] : [0, 0],
      lo: iv?.lo ?? null,
      hi: iv?.hi ?? null,
      parityOk: g.parity_ok,
    };
  });
}

export const COMPARE_KEYS = ['selection_rate', 'tpr', 'fpr', 'precision', 'accuracy', 'auc'] as const;
export type CompareKey = (typeof COMPARE_KEYS)[number];

export interface CompareRow {
  group: string;
  a: GroupReport | null;
  b: GroupReport | null;
  /** b − a per metric; null when either side is missing or undefined. */
  delta: Record<CompareKey, number | null>;
  /** The second version breaks the four-fifths band where the first kept it. */
  newlyOutside: boolean;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Side by side per group (union of both versions' groups, code-point order), with b − a. */
export function compareGroups(a: FairnessReport | null, b: FairnessReport | null): CompareRow[] {
  const ga = new Map((a?.groups ?? []).map((g) => [g.group, g]));
  const gb = new Map((b?.groups ?? []).map((g) => [g.group, g]));
  const names = [...new Set([...ga.keys(), ...gb.keys()])].sort(byCodePoint);
  return names.map((group) => {
    const x = ga.get(group) ?? null;
    const y = gb.get(group) ?? null;
    const delta = Object.fromEntries(
      COMPARE_KEYS.map((k) => {
        const u = x?.[k] ?? null;
        const v = y?.[k] ?? null;
        return [k, u === null || v === null ? null : v - u];
      }),
    ) as Record<CompareKey, number | null>;
    return { group, a: x, b: y, delta, newlyOutside: !!y && !y.parity_ok && (!x || x.parity_ok) };
  });
}

/** A signed difference: "+0.050", "−0.120", "0.000", '–'. */
export function signed(d: number | null, digits = 3): string {
  if (d === null || !Number.isFinite(d)) return '–';
  const s = Math.abs(d).toFixed(digits);
  if (Number(s) === 0) return (0).toFixed(digits);
  return d > 0 ? `+${s}` : `−${s}`;
}
