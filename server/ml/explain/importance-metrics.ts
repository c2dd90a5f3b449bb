// The metrics permutation importance measures: AUC for a 0/1 label (what the console reports
// for binary models), RMSE for a numeric one (a regression model's score is its prediction).
import { rocAuc } from '../metrics/ranking';
import type { ImportanceMetric } from './permutation-importance';

export const AUC: ImportanceMetric = { name: 'auc', higherIsBetter: true, fn: (y, s) => rocAuc(y, s) };

export const RMSE: ImportanceMetric = {
  name: 'rmse',
  higherIsBetter: false,
  fn: (y, s) => {
    if (y.length === 0) return null;
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (s[i] - y[i]) ** 2;
    return Math.sqrt(sum / y.length);
  },
};

/** AUC when every label is 0 or 1, else RMSE. */
export function metricForLabels(y: number[]): ImportanceMetric {
  return y.every((v) => v === 0 || v === 1) ? AUC : RMSE;
}
