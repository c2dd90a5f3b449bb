// Regression metrics, defined as scikit-learn 1.2 / numpy 1.24 compute them (reference values
// from tests/reference/multiclass_reference.py):
//   residual = y − ŷ;  rmse = √mean(residual²);  mae = mean|residual|;  mean_residual
//   r2 = 1 − SS_res / SS_tot as r2_score: 1.0 when both are 0, 0.0 when only SS_tot is 0, and
//        null (sklearn: nan) with fewer than 2 rows
//   residual_quantiles: p05, p50, p95 by numpy.quantile's default (linear) method
import { quantileSorted } from '../data/quantile';

export interface RegressionMetrics {
  n: number;
  rmse: number;
  mae: number;
  r2: number | null;
  mean_residual: number;
  residual_quantiles: { p05: number; p50: number; p95: number };
}

export function regressionMetrics(y: ArrayLike<number>, prediction: ArrayLike<number>): RegressionMetrics {
  const n = y.length;
  if (prediction.length !== n) throw new Error(`labels and predictions differ in length (${n} vs ${prediction.length})`);
  if (n === 0) throw new Error('regression metrics need at least one row');
  let sumY = 0;
  let constant = true;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new Error(`label at index ${i} is ${y[i]}, not a finite number`);
    if (!Number.isFinite(prediction[i])) throw new Error(`prediction at index ${i} is ${prediction[i]}, not a finite number`);
    sumY += y[i];
    if (y[i] !== y[0]) constant = false;
  }
  // A constant target has SS_tot exactly 0 (sklearn's mean of equal values is that value).
  const meanY = constant ? y[0] : sumY / n;
  const residuals = new Float64Array(n);
  let ssRes = 0;
  let ssTot = 0;
  let absSum = 0;
  let resSum = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - prediction[i];
    residuals[i] = r;
    ssRes += r * r;
    absSum += Math.abs(r);
    resSum += r;
    const t = y[i] - meanY;
    ssTot += t * t;
  }
  let r2: number | null;
  if (n < 2) r2 = null;
  else if (ssTot === 0) r2 = ssRes === 0 ? 1 : 0;
  else r2 = 1 - ssRes / ssTot;
  residuals.sort();
  return {
    n,
    rmse: Math.sqrt(ssRes / n),
    mae: absSum / n,
    r2,
    mean_residual: resSum / n,
    residual_quantiles: {
      p05: quantileSorted(residuals, 0.05),
      p50: quantileSorted(residuals, 0.5),
      p95: quantileSorted(residuals, 0.95),
    },
  };
}
