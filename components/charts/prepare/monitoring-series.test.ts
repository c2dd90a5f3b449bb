import { describe, expect, it } from 'vitest';
import { PALETTE } from './curve-overlay';
import {
  byCodePoint,
  defaultDriftFeatures,
  MONITORING_WINDOWS,
  niceCeil,
  prepareDrift,
  preparePerformance,
  preparePredictionDrift,
  preparePredictions,
  prepareQuality,
  prepareService,
  seriesParams,
  windowFromParam,
  type SeriesBucket,
  needsDots,
} from './monitoring-series';

const T0 = '2025-03-01T12:00:00.000Z';
const T1 = '2025-03-01T12:05:00.000Z';

function bucket(t: string, over: Partial<SeriesBucket> = {}): SeriesBucket {
  return {
    t,
    features: {},
    predictions: 0,
    rejected: 0,
    p50: null,
    p99: null,
    meanScore: null,
    scoreQuantiles: null,
    predictionDrift: null,
    estimatedAuc: null,
    estimatedAccuracy: null,
    onlineAuc: null,
    onlineAccuracy: null,
    labelled: 0,
    ...over,
  };
}
const f = (statistic: number | null, drifted = false, missingShare: number | null = 0, n = 200) => ({ statistic, drifted, missingShare, n });

describe('defaultDriftFeatures', () => {
  const buckets = [bucket(T0, { features: { a: f(0.02), b: f(0.3, true), c: f(0.05) } }), bucket(T1, { features: { a: f(0.04), b: f(0.01), c: f(null) } })];
  it('prefers the features drifted in the current window, in the given order, ignoring unknown names', () => {
    expect(defaultDriftFeatures(['a', 'b', 'c'], ['c', 'zz', 'a'], buckets)).toEqual(['c', 'a']);
  });
  it('falls back to features drifted in any bucket', () => {
    expect(defaultDriftFeatures(['a', 'b', 'c'], [], buckets)).toEqual(['b']);
  });
  it('else shows the highest peaks, ties by name, features never measured left out', () => {
    const quiet = [bucket(T0, { features: { a: f(0.04), b: f(0.01), c: f(null), d: f(0.04) } })];
    expect(defaultDriftFeatures(['d', 'c', 'b', 'a'], [], quiet, 2)).toEqual(['a', 'd']);
    expect(defaultDriftFeatures(['c'], [], quiet)).toEqual([]);
  });
});

describe('prepareDrift', () => {
  it('keeps one value per feature and bucket (null as a gap) and an axis top above the threshold', () => {
    const buckets = [bucket(T0, { features: { a: f(0.02), b: f(null) } }), bucket(T1, { features: { a: f(0.04) } })];
    const d = prepareDrift(buckets, ['a', 'b'], 0.1);
    expect(d.points).toEqual([
      { t: Date.parse(T0), values: { a: 0.02, b: null } },
      { t: Date.parse(T1), values: { a: 0.04, b: null } },
    ]);
    expect(d.lines).toEqual([
      { key: 'a', name: 'a', color: PALETTE[0] },
      { key: 'b', name: 'b', color: PALETTE[1] },
    ]);
    // 1.5 × threshold = 0.15 → 0.2
    expect(d.yMax).toBe(0.2);
  });
  it('raises the axis to the largest statistic', () => {
    expect(prepareDrift([bucket(T0, { features: { a: f(3.7, true) } })], ['a'], 0.1).yMax).toBe(5);
  });
});

describe('prepareQuality', () => {
  it('draws only features ever missing, worst first, with null for empty buckets', () => {
    const buckets = [
      bucket(T0, { features: { a: f(0.1, false, 0.05), b: f(0.1, false, 0), c: f(0.1, false, 0.2) } }),
      bucket(T1, { features: { a: f(null, false, null, 0), b: f(0.1, false, 0), c: f(0.1, false, 0.1) } }),
    ];
    const q = prepareQuality(buckets, ['a', 'b', 'c']);
    expect(q.lines.map((l) => l.key)).toEqual(['c', 'a']);
    expect(q.points[0].values).toEqual({ c: 0.2, a: 0.05 });
    expect(q.points[1].values).toEqual({ c: 0.1, a: null });
    expect(prepareQuality(buckets, ['a', 'b', 'c'], 1).lines.map((l) => l.key)).toEqual(['c']);
  });
});

describe('preparePredictions / prepareService / preparePerformance', () => {
  const buckets = [
    bucket(T0, { predictions: 120, rejected: 3, p50: 1.2, p99: 9.5, meanScore: 0.21, scoreQuantiles: { p10: 0.05, p50: 0.18, p90: 0.45 }, predictionDrift: 0.02, estimatedAuc: 0.81, estimatedAccuracy: 0.86 }),
    bucket(T1, { predictions: 40, meanScore: 0.3, onlineAuc: 0.7, onlineAccuracy: 0.8, labelled: 150 }),
  ];
  it('gives the score band as [p10, p90] and the mean, null when the bucket is too small', () => {
    expect(preparePredictions(buckets)).toEqual([
      { t: Date.parse(T0), mean: 0.21, median: 0.18, band: [0.05, 0.45], drift: 0.02 },
      { t: Date.parse(T1), mean: 0.3, median: null, band: null, drift: null },
    ]);
  });
  it('sums traffic and keeps latency gaps', () => {
    const s = prepareService(buckets);
    expect(s.total).toBe(160);
    expect(s.rejected).toBe(3);
    expect(s.points[1]).toEqual({ t: Date.parse(T1), predictions: 40, rejected: 0, p50: null, p99: null });
  });
  it('says which performance kinds exist and starts the axis below the lowest value', () => {
    const p = preparePerformance(buckets);
    expect(p.hasOnline).toBe(true);
    expect(p.hasEstimate).toBe(true);
    // lowest 0.7 − 0.05 = 0.65 → floor to 0.6
    expect(p.yMin).toBe(0.6);
    expect(p.points[1].labelled).toBe(150);
    const none = preparePerformance([bucket(T0)]);
    expect(none).toMatchObject({ hasOnline: false, hasEstimate: false, yMin: 0 });
  });
});

describe('windows', () => {
  it('maps URL keys to windows, 1 h by default, with the bucket sizes of the brief', () => {
    expect(windowFromParam('6h').minutes).toBe(360);
    expect(windowFromParam(null).key).toBe('1h');
    expect(windowFromParam('bogus').key).toBe('1h');
    expect(MONITORING_WINDOWS.map(seriesParams)).toEqual([
      { hours: 0.25, bucketMinutes: 1 },
      { hours: 1, bucketMinutes: 5 },
      { hours: 6, bucketMinutes: 15 },
      { hours: 24, bucketMinutes: 60 },
    ]);
  });
});

describe('niceCeil / byCodePoint', () => {
  it('rounds up to 1, 2, 2.5 or 5 × 10^k', () => {
    expect([0.15, 0.2, 0.21, 0.3, 0.6, 7, 12].map(niceCeil)).toEqual([0.2, 0.2, 0.25, 0.5, 1, 10, 20]);
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(Number.NaN)).toBe(1);
  });
  it('orders by code point (an astral character after U+FFFF-range ones)', () => {
    // UTF-16 units would put '\u{1F600}' (0xD83D…) before '\uFF01'.
    expect(['\u{1F600}', '\uFF01', 'a'].sort(byCodePoint)).toEqual(['a', '\uFF01', '\u{1F600}']);
  });
});

describe('needsDots (issue 9, D22: the 24 h view drew nothing for an isolated bucket)', () => {
  it('asks for dots when a point has no neighbour or the line has few points', () => {
    const hourly = Array.from({ length: 25 }, (_, i) => (i === 23 ? 0.81 : null));
    expect(needsDots(hourly)).toBe(true);
    const dense = Array.from({ length: 60 }, (_, i) => i / 60);
    expect(needsDots(dense)).toBe(false);
    expect(needsDots([...dense.slice(0, 30), null, 0.5, null, ...dense.slice(0, 30)])).toBe(true);
    expect(needsDots([0.1, 0.2])).toBe(true);
  });
});

describe('preparePredictionDrift', () => {
  it('one line per output of a multiclass / regression series, gaps as null, the threshold kept in view', () => {
    const buckets = [bucket(T0, { predictionDriftComponents: { 'predicted class': 0.02, 'P(a)': 0.4 } }), bucket(T1, { predictionDriftComponents: { 'predicted class': null, 'P(a)': 0.01 } }), bucket(T1)];
    const d = preparePredictionDrift(buckets, 0.1);
    expect(d.lines.map((l) => l.key)).toEqual(['predicted class', 'P(a)']);
    expect(d.points.map((p) => p.values['P(a)'])).toEqual([0.4, 0.01, null]);
    expect(d.points[1].values['predicted class']).toBeNull();
    expect(d.yMax).toBe(0.5);
    expect(preparePredictionDrift([bucket(T0)], 0.1)).toMatchObject({ lines: [], yMax: 0.2 });
  });
});
