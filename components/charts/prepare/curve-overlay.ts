// Series for the line charts: ROC, precision–recall and calibration curves of a run's held-out
// split (server/ml/metrics), and per-iteration step metrics. Charts only draw what these return.
import type { CalibrationCurve, PrCurve, RocCurve } from '@/server/ml/metrics';

export interface XY {
  x: number;
  y: number;
}

export interface Series {
  key: string;
  name: string;
  color: string;
  points: XY[];
  dashed?: boolean;
}

/** Distinguishable on white and for common colour-vision deficiencies (Okabe–Ito, darkened). */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#8c564b'];
const REFERENCE_COLOR = '#94a3b8';

/** Curves with more points than this are thinned for drawing (SVG cost grows with points). */
export const MAX_POINTS = 400;

function finitePoints(xs: readonly number[], ys: readonly number[]): XY[] {
  const n = Math.min(xs.length, ys.length);
  const out: XY[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) out.push({ x: xs[i], y: ys[i] });
  }
  return out;
}

/** Keeps the first and last point and evenly spaced ones between, at most `max` in all. */
export function thinPoints(points: readonly XY[], max = MAX_POINTS): XY[] {
  if (points.length <= max || max < 2) return points.slice();
  const out: XY[] = [];
  const stride = (points.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(points[Math.round(k * stride)]);
  return out;
}

/** ROC: false-positive rate on x, true-positive rate on y. */
export function rocPoints(roc: RocCurve | null | undefined): XY[] {
  return roc ? thinPoints(finitePoints(roc.fpr, roc.tpr)) : [];
}

/** Precision–recall: recall on x, precision on y (scikit-learn order: recall descending). */
export function prPoints(pr: PrCurve | null | undefined): XY[] {
  return pr ? thinPoints(finitePoints(pr.recall, pr.precision)) : [];
}

/** Reliability diagram: mean predicted probability on x, observed share of 1s on y. */
export function calibrationPoints(cal: CalibrationCurve | null | undefined): XY[] {
  return cal ? finitePoints(cal.prob_pred, cal.prob_true) : [];
}

export interface StepRow {
  phase: string;
  step: number;
  metrics: Record<string, number>;
}

/** One step metric of one training phase, by iteration; steps lacking the metric are skipped. */
export function stepPoints(steps: readonly StepRow[], phase: string, metric: string): XY[] {
  return thinPoints(
    steps
      .filter((s) => s.phase === phase && typeof s.metrics[metric] === 'number' && Number.isFinite(s.metrics[metric]))
      .map((s) => ({ x: s.step, y: s.metrics[metric] }))
      .sort((a, b) => a.x - b.x),
  );
}

/**
 * Colours follow the input position, so run k keeps its colour on every chart even when it has
 * nothing to draw on one of them; series without points are then left out.
 */
export function overlaySeries(items: readonly { key: string; name: string; points: XY[]; dashed?: boolean }[]): Series[] {
  return items.map((it, i) => ({ ...it, color: PALETTE[i % PALETTE.length] })).filter((s) => s.points.length > 0);
}

/** The y = x line: chance on a ROC chart, perfect calibration on a reliability diagram. */
export function referenceDiagonal(name: string): Series {
  return { key: 'reference', name, color: REFERENCE_COLOR, dashed: true, points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] };
}

/**
 * A run's live curves: the holdout fit (training loss, validation loss/AUC where the trainer
 * reports them) and the final fit on all rows (training loss/AUC), one chart for losses, one for AUCs.
 */
export function runStepSeries(steps: readonly StepRow[]): { loss: Series[]; auc: Series[] } {
  const loss = overlaySeries([
    { key: 'holdout-loss', name: 'training loss (holdout fit)', points: stepPoints(steps, 'holdout', 'loss') },
    { key: 'holdout-valid-loss', name: 'validation loss (holdout fit)', points: stepPoints(steps, 'holdout', 'valid_loss') },
    { key: 'final-loss', name: 'training loss (final fit)', points: stepPoints(steps, 'final', 'loss'), dashed: true },
  ]);
  const auc = overlaySeries([
    { key: 'holdout-train-auc', name: 'training AUC (holdout fit)', points: stepPoints(steps, 'holdout', 'train_auc') },
    { key: 'holdout-valid-auc', name: 'validation AUC (holdout fit)', points: stepPoints(steps, 'holdout', 'valid_auc') },
    { key: 'final-train-auc', name: 'training AUC (final fit)', points: stepPoints(steps, 'final', 'train_auc'), dashed: true },
  ]);
  return { loss, auc };
}

export interface CompareRunInput {
  id: string;
  name: string;
  curves: { roc: RocCurve | null; pr: PrCurve | null; calibration: CalibrationCurve } | null;
  steps: readonly StepRow[];
}

/** One series per run on each compare chart, in the order the runs were picked. */
export function compareSeries(runs: readonly CompareRunInput[]) {
  const per = (points: (r: CompareRunInput) => XY[]) => overlaySeries(runs.map((r) => ({ key: r.id, name: r.name, points: points(r) })));
  return {
    roc: per((r) => rocPoints(r.curves?.roc)),
    pr: per((r) => prPoints(r.curves?.pr)),
    calibration: per((r) => calibrationPoints(r.curves?.calibration)),
    // The final fit's loss is the shipped model's; the holdout fit's is the fallback for a run
    // cancelled before its final fit. A run trained outside Vigil has only what its script logged.
    loss: per((r) => {
      const final = stepPoints(r.steps, 'final', 'loss');
      if (final.length) return final;
      const holdout = stepPoints(r.steps, 'holdout', 'loss');
      return holdout.length ? holdout : stepPoints(r.steps, 'external', 'loss');
    }),
    validAuc: per((r) => {
      const holdout = stepPoints(r.steps, 'holdout', 'valid_auc');
      return holdout.length ? holdout : stepPoints(r.steps, 'external', 'valid_auc');
    }),
  };
}
