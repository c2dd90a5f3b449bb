// Monitoring time series (trpc.monitoring.series buckets) as points for the monitoring charts:
// drift per feature, missing share per feature, prediction distribution, service figures and
// online vs estimated performance. Buckets with too few rows carry nulls, drawn as gaps.
import { PALETTE } from './curve-overlay';

export interface SeriesBucket {
  t: string;
  features: Record<string, { statistic: number | null; drifted: boolean; missingShare: number | null; n: number }>;
  predictions: number;
  rejected: number;
  p50: number | null;
  p99: number | null;
  meanScore: number | null;
  scoreQuantiles: { p10: number; p50: number; p90: number } | null;
  predictionDrift: number | null;
  /** Multiclass / regression: PSI per output (a class probability, the predicted-class mix, the value). */
  predictionDriftComponents?: Record<string, number | null>;
  estimatedAuc: number | null;
  estimatedAccuracy: number | null;
  onlineAuc: number | null;
  onlineAccuracy: number | null;
  labelled: number;
}

export interface FeatureLine {
  key: string;
  name: string;
  color: string;
}

export interface FeaturePoint {
  /** Bucket start, epoch milliseconds. */
  t: number;
  values: Record<string, number | null>;
}

const tOf = (b: SeriesBucket) => Date.parse(b.t);

/** Unicode code point order (the project's order for names), not UTF-16 units. */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

export function featureLines(features: readonly string[]): FeatureLine[] {
  return features.map((f, i) => ({ key: f, name: f, color: PALETTE[i % PALETTE.length] }));
}

/**
 * The features the drift chart shows when the user has chosen none: those drifted in the
 * current window; else those drifted in any bucket; else the `max` with the highest statistic
 * seen (so a quiet model still shows its closest calls rather than an empty chart).
 */
export function defaultDriftFeatures(features: readonly string[], driftedNow: readonly string[], buckets: readonly SeriesBucket[], max = 4): string[] {
  const known = new Set(features);
  const now = driftedNow.filter((f) => known.has(f));
  if (now.length) return now;
  const ever = features.filter((f) => buckets.some((b) => b.features[f]?.drifted));
  if (ever.length) return ever.slice(0, max);
  const peak = (f: string) => Math.max(-1, ...buckets.map((b) => b.features[f]?.statistic ?? -1));
  return features
    .map((f) => ({ f, p: peak(f) }))
    .filter((x) => x.p >= 0)
    .sort((a, b) => b.p - a.p || byCodePoint(a.f, b.f))
    .slice(0, max)
    .map((x) => x.f);
}

/** Drift statistic per bucket for the chosen features; `yMax` keeps the threshold line in view. */
export function prepareDrift(buckets: readonly SeriesBucket[], features: readonly string[], threshold: number): { points: FeaturePoint[]; lines: FeatureLine[]; yMax: number } {
  const points = buckets.map((b) => ({ t: tOf(b), values: Object.fromEntries(features.map((f) => [f, b.features[f]?.statistic ?? null])) }));
  const top = Math.max(threshold * 1.5, ...points.flatMap((p) => Object.values(p.values).filter((v): v is number => v !== null)));
  return { points, lines: featureLines(features), yMax: niceCeil(top) };
}

/** Multiclass / regression: prediction drift per output and bucket, drawn like the feature drift. */
export function preparePredictionDrift(buckets: readonly SeriesBucket[], threshold: number): { points: FeaturePoint[]; lines: FeatureLine[]; yMax: number } {
  const names: string[] = [];
  for (const b of buckets) for (const k of Object.keys(b.predictionDriftComponents ?? {})) if (!names.includes(k)) names.push(k);
  const points = buckets.map((b) => ({ t: tOf(b), values: Object.fromEntries(names.map((k) => [k, b.predictionDriftComponents?.[k] ?? null])) }));
  const top = Math.max(threshold * 1.5, ...points.flatMap((p) => Object.values(p.values).filter((v): v is number => v !== null)));
  return { points, lines: featureLines(names), yMax: niceCeil(top) };
}

/**
 * Missing share per bucket. Features never missing in the period are left out (flat zero lines
 * say nothing); at most `max`, those with the highest share first, plus any `always` features.
 */
export function prepareQuality(buckets: readonly SeriesBucket[], features: readonly string[], max = 6): { points: FeaturePoint[]; lines: FeatureLine[] } {
  const peak = (f: string) => Math.max(0, ...buckets.map((b) => b.features[f]?.missingShare ?? 0));
  const shown = features
    .map((f) => ({ f, p: peak(f) }))
    .filter((x) => x.p > 0)
    .sort((a, b) => b.p - a.p || byCodePoint(a.f, b.f))
    .slice(0, max)
    .map((x) => x.f);
  const points = buckets.map((b) => ({ t: tOf(b), values: Object.fromEntries(shown.map((f) => [f, b.features[f] && b.features[f].n > 0 ? b.features[f].missingShare : null])) }));
  return { points, lines: featureLines(shown) };
}

export interface PredictionPoint {
  t: number;
  mean: number | null;
  median: number | null;
  /** [p10, p90] for a range area; null where the bucket had too few predictions. */
  band: [number, number] | null;
  drift: number | null;
}

export function preparePredictions(buckets: readonly SeriesBucket[]): PredictionPoint[] {
  return buckets.map((b) => ({
    t: tOf(b),
    mean: b.meanScore,
    median: b.scoreQuantiles?.p50 ?? null,
    band: b.scoreQuantiles ? [b.scoreQuantiles.p10, b.scoreQuantiles.p90] : null,
    drift: b.predictionDrift,
  }));
}

export interface ServicePoint {
  t: number;
  predictions: number;
  rejected: number;
  p50: number | null;
  p99: number | null;
}

export function prepareService(buckets: readonly SeriesBucket[]): { points: ServicePoint[]; total: number; rejected: number } {
  const points = buckets.map((b) => ({ t: tOf(b), predictions: b.predictions, rejected: b.rejected, p50: b.p50, p99: b.p99 }));
  return { points, total: points.reduce((s, p) => s + p.predictions, 0), rejected: points.reduce((s, p) => s + p.rejected, 0) };
}

export interface PerformancePoint {
  t: number;
  onlineAuc: number | null;
  onlineAccuracy: number | null;
  estimatedAuc: number | null;
  estimatedAccuracy: number | null;
  labelled: number;
}

/** Online (labelled) and estimated (no labels) performance; says which of them has any point. */
export function preparePerformance(buckets: readonly SeriesBucket[]): { points: PerformancePoint[]; hasOnline: boolean; hasEstimate: boolean; yMin: number } {
  const points = buckets.map((b) => ({ t: tOf(b), onlineAuc: b.onlineAuc, onlineAccuracy: b.onlineAccuracy, estimatedAuc: b.estimatedAuc, estimatedAccuracy: b.estimatedAccuracy, labelled: b.labelled }));
  const values = points.flatMap((p) => [p.onlineAuc, p.onlineAccuracy, p.estimatedAuc, p.estimatedAccuracy]).filter((v): v is number => v !== null);
  // Performance lives near the top of [0, 1]; start the axis a little below the lowest value.
  const yMin = values.length ? Math.max(0, Math.floor((Math.min(...values) - 0.05) * 10) / 10) : 0;
  return { points, hasOnline: points.some((p) => p.onlineAuc !== null || p.onlineAccuracy !== null), hasEstimate: points.some((p) => p.estimatedAuc !== null || p.estimatedAccuracy !== null), yMin };
}

/** The window choices of the monitoring page: report window and series buckets. */
export const MONITORING_WINDOWS = [
  { key: '15m', label: '15 min', minutes: 15, bucketMinutes: 1 },
  { key: '1h', label: '1 h', minutes: 60, bucketMinutes: 5 },
  { key: '6h', label: '6 h', minutes: 360, bucketMinutes: 15 },
  { key: '24h', label: '24 h', minutes: 1440, bucketMinutes: 60 },
] as const;
export type MonitoringWindow = (typeof MONITORING_WINDOWS)[number];

/** The window named by a URL parameter; 1 h when absent or unknown. */
export function windowFromParam(key: string | null | undefined): MonitoringWindow {
  return MONITORING_WINDOWS.find((w) => w.key === key) ?? MONITORING_WINDOWS[1];
}

/** trpc.monitoring.series input for a window. */
export function seriesParams(w: MonitoringWindow): { hours: number; bucketMinutes: number } {
  return { hours: w.minutes / 60, bucketMinutes: w.bucketMinutes };
}

/** The smallest of 1, 2, 2.5 or 5 × 10^k at or above x (an axis top). */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/**
 * Whether a line needs its points drawn as dots: a line draws nothing for a point with no
 * non-null neighbour, so in the 24 h view (25 hourly buckets, data in one or two of them) every
 * line chart looked empty while the traffic bars showed. Few points, or any isolated one: dots.
 */
export function needsDots(values: readonly (number | null | undefined)[], few = 20): boolean {
  const has = (i: number) => values[i] !== null && values[i] !== undefined && Number.isFinite(values[i]);
  let n = 0;
  let isolated = false;
  for (let i = 0; i < values.length; i++) {
    if (!has(i)) continue;
    n++;
    if (!has(i - 1) && !has(i + 1)) isolated = true;
  }
  return n <= few || isolated;
}
