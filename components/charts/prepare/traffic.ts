// Live traffic of one model (trpc.predictions.traffic rows: one per minute × version × route) as
// series for the traffic charts: predictions per minute and p50 / p99 latency, one series per
// version and route. Percentiles of different groups cannot be merged, so each (version, route)
// keeps its own latency lines instead of a made-up overall p99.
import { PALETTE } from './curve-overlay';

export interface TrafficRow {
  minute: string | Date;
  version: number;
  route: string;
  predictions: number;
  p50: number | null;
  p99: number | null;
}

export interface TrafficSeries {
  key: string;
  name: string;
  version: number;
  route: string;
  color: string;
}

export interface TrafficPoint {
  /** Start of the minute, epoch milliseconds. */
  t: number;
  counts: Record<string, number>;
  /** null where the series had no predictions that minute (a gap, not a zero latency). */
  p50: Record<string, number | null>;
  p99: Record<string, number | null>;
}

export interface PreparedTraffic {
  series: TrafficSeries[];
  points: TrafficPoint[];
  total: number;
}

const MINUTE = 60_000;
/** Routes drawn, in legend order. Batch scoring is logged too, but a file of rows in one minute is not live traffic. */
const ROUTE_ORDER = ['production', 'canary', 'explicit', 'shadow'];

export function seriesKey(version: number, route: string): string {
  return `v${version}:${route}`;
}

/**
 * One point per minute of the window ending at `now` (minutes with no traffic count 0), series
 * ordered by route then version. Rows outside the window or of an unknown route are dropped.
 */
export function prepareTraffic(rows: readonly TrafficRow[], opts: { now: number; minutes: number }): PreparedTraffic {
  const last = Math.floor(opts.now / MINUTE) * MINUTE;
  const first = last - (opts.minutes - 1) * MINUTE;
  const live = rows
    .map((r) => ({ ...r, t: Math.floor(new Date(r.minute).getTime() / MINUTE) * MINUTE }))
    .filter((r) => ROUTE_ORDER.includes(r.route) && r.t >= first && r.t <= last);

  const byKey = new Map<string, { version: number; route: string }>();
  for (const r of live) byKey.set(seriesKey(r.version, r.route), { version: r.version, route: r.route });
  const ordered = [...byKey.entries()].sort(([, a], [, b]) => ROUTE_ORDER.indexOf(a.route) - ROUTE_ORDER.indexOf(b.route) || a.version - b.version);
  const series = ordered.map(([key, s], i) => ({ key, name: `v${s.version} ${s.route}`, version: s.version, route: s.route, color: PALETTE[i % PALETTE.length] }));

  const points: TrafficPoint[] = [];
  const index = new Map<number, TrafficPoint>();
  for (let t = first; t <= last; t += MINUTE) {
    const p: TrafficPoint = { t, counts: {}, p50: {}, p99: {} };
    for (const s of series) {
      p.counts[s.key] = 0;
      p.p50[s.key] = null;
      p.p99[s.key] = null;
    }
    points.push(p);
    index.set(t, p);
  }
  let total = 0;
  for (const r of live) {
    const p = index.get(r.t)!;
    const key = seriesKey(r.version, r.route);
    // The query groups by (minute, version, route), so a key appears once per minute.
    p.counts[key] += r.predictions;
    p.p50[key] = r.p50;
    p.p99[key] = r.p99;
    total += r.predictions;
  }
  return { series, points, total };
}

/** "14:05" for an axis tick; the caller's locale decides 12 or 24 hours. */
export function minuteLabel(t: number): string {
  return new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
