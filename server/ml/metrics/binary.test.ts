// Compared with scikit-learn 1.2.1 values from tests/reference/metrics_reference.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binaryMetrics, confusionMatrix, calibrationCurve, prCurve, rocCurve } from './index';

interface Case {
  name: string;
  y: number[];
  score: number[];
  threshold: number;
  metrics: Record<string, number | null>;
  confusion: Record<string, number>;
  roc: { fpr: number[]; tpr: number[]; thresholds: number[] } | null;
  roc_all: { fpr: number[]; tpr: number[]; thresholds: number[] } | null;
  pr: { precision: number[]; recall: number[]; thresholds: number[] };
  calibration: { n_bins: number; prob_true: number[]; prob_pred: number[]; counts: number[]; bins: number[]; bin_edges: number[] };
}

const fixture = JSON.parse(readFileSync(new URL('../../../tests/reference/fixtures/metrics.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

/** Relative 1e-9 (absolute near zero): sums are accumulated in a different order than numpy's pairwise sum. */
function close(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(typeof actual, what).toBe('number');
  const tol = 1e-9 * Math.max(1, Math.abs(expected));
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

function closeArray(actual: number[], expected: number[], what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  expected.forEach((e, i) => close(actual[i], e, `${what}[${i}]`));
}

describe('binary metrics against scikit-learn', () => {
  it('has the fixture cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of fixture.cases) {
    describe(c.name, () => {
      it('binaryMetrics', () => {
        const m = binaryMetrics(c.y, c.score, c.threshold);
        expect(Object.keys(m)).toEqual(['n', 'positive_rate', 'auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1']);
        for (const [k, v] of Object.entries(c.metrics)) close(m[k as keyof typeof m], v, k);
      });
      it('confusionMatrix', () => {
        expect(confusionMatrix(c.y, c.score, c.threshold)).toEqual(c.confusion);
      });
      it('rocCurve', () => {
        const r = rocCurve(c.y, c.score);
        if (c.roc === null) {
          expect(r).toBeNull();
          return;
        }
        closeArray(r!.fpr, c.roc.fpr, 'fpr');
        closeArray(r!.tpr, c.roc.tpr, 'tpr');
        closeArray(r!.thresholds, c.roc.thresholds, 'thresholds');
        const all = rocCurve(c.y, c.score, false)!;
        closeArray(all.fpr, c.roc_all!.fpr, 'fpr (all)');
        closeArray(all.tpr, c.roc_all!.tpr, 'tpr (all)');
        closeArray(all.thresholds, c.roc_all!.thresholds, 'thresholds (all)');
      });
      it('prCurve', () => {
        const r = prCurve(c.y, c.score)!;
        closeArray(r.precision, c.pr.precision, 'precision');
        closeArray(r.recall, c.pr.recall, 'recall');
        closeArray(r.thresholds, c.pr.thresholds, 'thresholds');
      });
      it('calibrationCurve', () => {
        const r = calibrationCurve(c.y, c.score, c.calibration.n_bins);
        closeArray(r.prob_true, c.calibration.prob_true, 'prob_true');
        closeArray(r.prob_pred, c.calibration.prob_pred, 'prob_pred');
        expect(r.counts).toEqual(c.calibration.counts);
        expect(r.bins).toEqual(c.calibration.bins);
        expect(r.bin_edges).toEqual(c.calibration.bin_edges); // bitwise: same linspace arithmetic
      });
    });
  }
});

describe('binary metrics edge cases', () => {
  it('returns nulls (not NaN) without rows', () => {
    expect(binaryMetrics([], [])).toEqual({
      n: 0,
      positive_rate: null,
      auc: null,
      log_loss: null,
      brier: null,
      accuracy: null,
      precision: null,
      recall: null,
      f1: null,
    });
  });
  it('rejects labels outside {0, 1} and scores outside [0, 1]', () => {
    expect(() => binaryMetrics([0, 2], [0.1, 0.2])).toThrow(/label at index 1 is 2/);
    expect(() => binaryMetrics([0, 1], [0.1, 1.2])).toThrow(/score at index 1 is 1.2/);
    expect(() => binaryMetrics([0, 1], [0.1, NaN])).toThrow(/score at index 1 is NaN/);
    expect(() => binaryMetrics([0, 1], [0.1])).toThrow(/differ in length/);
  });
  it('scales to 1M rows in O(n log n)', () => {
    const n = 1_000_000;
    const y = new Uint8Array(n);
    const s = new Float64Array(n);
    let seed = 12345;
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      y[i] = seed & 1;
      s[i] = Math.round(((seed >>> 8) / 2 ** 24) * 1000) / 1000; // many ties
    }
    const t0 = performance.now();
    const m = binaryMetrics(y, s);
    rocCurve(y, s);
    prCurve(y, s);
    calibrationCurve(y, s);
    const ms = performance.now() - t0;
    expect(m.n).toBe(n);
    expect(m.auc).not.toBeNull();
    expect(ms).toBeLessThan(10_000); // generous: shared CI cores; a quadratic pass would take hours
  });
});
