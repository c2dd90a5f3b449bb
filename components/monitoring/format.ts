// Small pure helpers of the monitoring screens (tested in format.test.ts).

/** A share in [0, 1] as a percentage; null as a dash. */
export function fmtPct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

/** A drift statistic or metric with three decimals; null as a dash. */
export function fmtStat(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(digits);
}

/** A duration in seconds as "45 s", "3.5 min" or "2.0 h". */
export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** All features an alert names: the rule's own feature, else a drift-share alert's drifted features. */
export function alertFeatures(detail: unknown): string[] {
  if (!detail || typeof detail !== 'object') return [];
  const d = detail as { feature?: unknown; driftedFeatures?: unknown };
  if (typeof d.feature === 'string' && d.feature) return [d.feature];
  return Array.isArray(d.driftedFeatures) ? d.driftedFeatures.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

/** The feature an alert's drill-down opens (its first named feature), or null. */
export function alertFeature(detail: unknown): string | null {
  return alertFeatures(detail)[0] ?? null;
}

/** The monitoring page URL for a model, window and (optionally) a feature's detail. */
export function monitoringHref(q: { model: string; window?: string | null; feature?: string | null }): string {
  const p = new URLSearchParams({ model: q.model });
  if (q.window) p.set('window', q.window);
  if (q.feature) p.set('feature', q.feature);
  return `/monitoring?${p.toString()}`;
}

/** "3 alerts firing — message" for the banner. */
export function bannerText(count: number, firstMessage: string): string {
  return `${count} ${count === 1 ? 'alert' : 'alerts'} firing — ${firstMessage}`;
}
