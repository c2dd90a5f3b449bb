import { describe, expect, it } from 'vitest';
import { PALETTE } from './curve-overlay';
import { prepareTraffic, seriesKey, type TrafficRow } from './traffic';

const NOW = Date.parse('2025-03-01T12:04:30Z');
const at = (hhmm: string) => `2025-03-01T${hhmm}:00.000Z`;

describe('prepareTraffic', () => {
  it('gives one point per minute of the window, ending with the current minute, zero-filled', () => {
    const p = prepareTraffic([], { now: NOW, minutes: 5 });
    expect(p.points.map((x) => new Date(x.t).toISOString())).toEqual([at('12:00'), at('12:01'), at('12:02'), at('12:03'), at('12:04')]);
    expect(p.series).toEqual([]);
    expect(p.total).toBe(0);
  });

  it('keeps one series per version and route, production before canary before shadow', () => {
    const rows: TrafficRow[] = [
      { minute: at('12:01'), version: 3, route: 'shadow', predictions: 4, p50: 2, p99: 9 },
      { minute: at('12:01'), version: 2, route: 'canary', predictions: 1, p50: 1.5, p99: 1.5 },
      { minute: at('12:01'), version: 2, route: 'production', predictions: 7, p50: 1, p99: 3 },
      { minute: at('12:02'), version: 1, route: 'production', predictions: 5, p50: 0.8, p99: 2.5 },
    ];
    const p = prepareTraffic(rows, { now: NOW, minutes: 5 });
    expect(p.series.map((s) => s.name)).toEqual(['v1 production', 'v2 production', 'v2 canary', 'v3 shadow']);
    expect(p.series.map((s) => s.color)).toEqual(PALETTE.slice(0, 4));
    expect(p.total).toBe(17);
    const m1 = p.points[1];
    expect(m1.counts).toEqual({ 'v1:production': 0, 'v2:production': 7, 'v2:canary': 1, 'v3:shadow': 4 });
    expect(m1.p99[seriesKey(2, 'production')]).toBe(3);
    // No traffic from v1 that minute: a gap in the latency line, not a zero.
    expect(m1.p50['v1:production']).toBeNull();
    expect(p.points[2].p50['v1:production']).toBe(0.8);
    expect(p.points[0].counts['v2:production']).toBe(0);
  });

  it('accepts Date minutes and drops batch rows and rows outside the window', () => {
    const rows: TrafficRow[] = [
      { minute: new Date(at('12:04')), version: 1, route: 'production', predictions: 2, p50: 1, p99: 2 },
      { minute: at('12:04'), version: 1, route: 'batch', predictions: 10_000, p50: 0.1, p99: 0.2 },
      { minute: at('11:59'), version: 1, route: 'production', predictions: 50, p50: 1, p99: 2 },
    ];
    const p = prepareTraffic(rows, { now: NOW, minutes: 5 });
    expect(p.series.map((s) => s.key)).toEqual(['v1:production']);
    expect(p.total).toBe(2);
    expect(p.points[4].counts['v1:production']).toBe(2);
  });
});
