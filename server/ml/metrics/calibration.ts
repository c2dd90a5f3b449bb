// Reliability diagram data, binned like scikit-learn's calibration_curve(strategy='uniform').
import { checkBinaryInputs } from './validate';

export interface CalibrationCurve {
  /** Share of label 1 per non-empty bin. */
  prob_true: number[];
  /** Mean predicted probability per non-empty bin. */
  prob_pred: number[];
  /** Rows per non-empty bin. */
  counts: number[];
  /** Index (0-based) of each listed bin among the nBins. */
  bins: number[];
  /** All nBins + 1 edges, 0 … 1. */
  bin_edges: number[];
}

export function calibrationCurve(y: ArrayLike<number>, p: ArrayLike<number>, nBins = 10): CalibrationCurve {
  checkBinaryInputs(y, p);
  if (!Number.isInteger(nBins) || nBins < 1) throw new Error(`nBins must be a positive integer, got ${nBins}`);
  // Edges computed as numpy.linspace does (k · step), so a score on an edge lands in the same
  // bin as in scikit-learn: bin k holds (edge_k, edge_k+1], the first bin also holds 0.
  const step = 1 / nBins;
  const edges = Array.from({ length: nBins + 1 }, (_, k) => (k === nBins ? 1 : k * step));
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Float64Array(nBins);
  for (let i = 0; i < y.length; i++) {
    const v = p[i];
    // searchsorted(edges[1:-1], v, side='left'): number of interior edges strictly below v.
    let lo = 0;
    let hi = nBins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid + 1] < v) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] += v;
    trues[lo] += y[i];
    totals[lo]++;
  }
  const out: CalibrationCurve = { prob_true: [], prob_pred: [], counts: [], bins: [], bin_edges: edges };
  for (let k = 0; k < nBins; k++) {
    if (totals[k] === 0) continue;
    out.prob_true.push(trues[k] / totals[k]);
    out.prob_pred.push(sums[k] / totals[k]);
    out.counts.push(totals[k]);
    out.bins.push(k);
  }
  return out;
}
