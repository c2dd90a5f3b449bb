import { describe, expect, it } from 'vitest';
import { calibrationPoints, compareSeries, overlaySeries, PALETTE, prPoints, referenceDiagonal, rocPoints, runStepSeries, stepPoints, thinPoints, type StepRow } from './curve-overlay';

const roc = { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1], thresholds: [2, 0.9, 0.4, 0.1] };
const pr = { precision: [0.5, 0.67, 1, 1], recall: [1, 1, 0.5, 0], thresholds: [0.1, 0.4, 0.9] };
const cal = { prob_true: [0, 1], prob_pred: [0.2, 0.8], counts: [2, 2], bins: [1, 8], bin_edges: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] };

describe('curve points', () => {
  it('maps ROC to (fpr, tpr), PR to (recall, precision), calibration to (predicted, observed)', () => {
    expect(rocPoints(roc)).toEqual([{ x: 0, y: 0 }, { x: 0, y: 0.5 }, { x: 0.5, y: 1 }, { x: 1, y: 1 }]);
    expect(prPoints(pr)).toEqual([{ x: 1, y: 0.5 }, { x: 1, y: 0.67 }, { x: 0.5, y: 1 }, { x: 0, y: 1 }]);
    expect(calibrationPoints(cal)).toEqual([{ x: 0.2, y: 0 }, { x: 0.8, y: 1 }]);
  });
  it('a missing curve (one class in the split) gives no points', () => {
    expect(rocPoints(null)).toEqual([]);
    expect(prPoints(undefined)).toEqual([]);
    expect(calibrationPoints(null)).toEqual([]);
  });
});

describe('thinPoints', () => {
  const pts = Array.from({ length: 1001 }, (_, i) => ({ x: i, y: i * i }));
  it('keeps short curves whole (a copy)', () => {
    const short = pts.slice(0, 10);
    const out = thinPoints(short, 10);
    expect(out).toEqual(short);
    expect(out).not.toBe(short);
  });
  it('keeps at most max points, the first and last among them, evenly spaced', () => {
    const out = thinPoints(pts, 5);
    expect(out.map((p) => p.x)).toEqual([0, 250, 500, 750, 1000]);
    expect(thinPoints(pts, 400)).toHaveLength(400);
    expect(thinPoints(pts, 400).at(-1)).toEqual({ x: 1000, y: 1000000 });
  });
});

const steps: StepRow[] = [
  { phase: 'holdout', step: 2, metrics: { loss: 0.5, train_auc: 0.8, valid_auc: 0.75 } },
  { phase: 'holdout', step: 1, metrics: { loss: 0.6, train_auc: 0.7 } },
  { phase: 'final', step: 1, metrics: { loss: 0.62, train_auc: 0.71 } },
  { phase: 'final', step: 2, metrics: { loss: Number.NaN, train_auc: 0.81 } },
];

describe('step series', () => {
  it('picks one phase and metric, sorted by step, skipping steps without it or with a non-finite value', () => {
    expect(stepPoints(steps, 'holdout', 'loss')).toEqual([{ x: 1, y: 0.6 }, { x: 2, y: 0.5 }]);
    expect(stepPoints(steps, 'holdout', 'valid_auc')).toEqual([{ x: 2, y: 0.75 }]);
    expect(stepPoints(steps, 'final', 'loss')).toEqual([{ x: 1, y: 0.62 }]);
  });
  it('a run shows loss and AUC series for both fits, leaving out metrics its trainer does not report', () => {
    const s = runStepSeries(steps);
    expect(s.loss.map((x) => x.key)).toEqual(['holdout-loss', 'final-loss']);
    expect(s.auc.map((x) => x.key)).toEqual(['holdout-train-auc', 'holdout-valid-auc', 'final-train-auc']);
    expect(s.auc[2].dashed).toBe(true);
    expect(runStepSeries([])).toEqual({ loss: [], auc: [] });
  });
});

describe('overlay', () => {
  it('colours by input position, so a run keeps its colour when an earlier run has nothing to draw', () => {
    const s = overlaySeries([
      { key: 'a', name: 'A', points: [] },
      { key: 'b', name: 'B', points: [{ x: 0, y: 0 }] },
    ]);
    expect(s).toEqual([{ key: 'b', name: 'B', points: [{ x: 0, y: 0 }], color: PALETTE[1] }]);
  });
  it('builds one series per run per chart; loss falls back to the holdout fit when there is no final fit', () => {
    const c = compareSeries([
      { id: 'r1', name: 'gbdt', curves: { roc, pr, calibration: cal }, steps },
      { id: 'r2', name: 'cancelled', curves: null, steps: [{ phase: 'holdout', step: 1, metrics: { loss: 0.69 } }] },
    ]);
    expect(c.roc.map((s) => [s.key, s.color])).toEqual([['r1', PALETTE[0]]]);
    expect(c.calibration).toHaveLength(1);
    expect(c.loss.map((s) => [s.key, s.points])).toEqual([
      ['r1', [{ x: 1, y: 0.62 }]],
      ['r2', [{ x: 1, y: 0.69 }]],
    ]);
    expect(c.loss[1].color).toBe(PALETTE[1]);
    expect(c.validAuc.map((s) => s.key)).toEqual(['r1']);
  });
  it('compares a run trained outside Vigil by the loss and valid_auc its script logged', () => {
    const c = compareSeries([{ id: 'ext', name: 'external', curves: null, steps: [{ phase: 'external', step: 3, metrics: { loss: 0.4, valid_auc: 0.8 } }] }]);
    expect(c.loss.map((s) => s.points)).toEqual([[{ x: 3, y: 0.4 }]]);
    expect(c.validAuc.map((s) => s.points)).toEqual([[{ x: 3, y: 0.8 }]]);
  });
  it('the reference diagonal runs from (0,0) to (1,1), dashed', () => {
    expect(referenceDiagonal('chance')).toMatchObject({ name: 'chance', dashed: true, points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] });
  });
});
