// Ridge regression in closed form: deterministic (fixed summation order, no iteration).
//
// Convention (scikit-learn's Ridge(alpha = l2), fit_intercept=True):
//   minimise  Σ_i (y_i − x_i·w − b)² + l2·‖w‖²,   the intercept b unpenalised.
// Solved on centred data: (Xcᵀ Xc + l2·I) w = Xcᵀ yc by Cholesky, b = ȳ − x̄·w. With l2 = 0 and
// collinear features (e.g. a one-hot block next to the intercept) the system is singular and the
// fit fails with a message asking for l2 > 0, rather than returning an arbitrary solution.
import { z } from 'zod';
import { ridgePart } from '../onnx/linear-task-parts';
import { checkTaskInputs, type TaskTarget, type TaskTrainer, type TaskTrainOptions, type TrainedTaskModel } from './task-types';
import { TrainingCancelled, type FeatureMatrix } from './types';

export const ridgeParamsSchema = z
  .object({
    /** L2 penalty on the coefficients (scikit-learn's alpha); 0 = ordinary least squares. */
    l2: z.number().min(0).default(1),
  })
  .strict();

export type RidgeParams = z.output<typeof ridgeParamsSchema>;

export interface RidgeModel {
  coef: Float64Array;
  intercept: number;
}

export function predictRidge(X: FeatureMatrix, coef: Float64Array, intercept: number): Float64Array {
  const { n, d, values } = X;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = intercept;
    for (let j = 0; j < d; j++) s += values[i * d + j] * coef[j];
    out[i] = s;
  }
  return out;
}

export function meanSquaredError(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const r = y[i] - pred[i];
    s += r * r;
  }
  return s / y.length;
}

/** Solves A x = b in place for symmetric positive definite A (d × d, row-major); null if singular. */
function choleskySolve(A: Float64Array, b: Float64Array, d: number): Float64Array | null {
  let maxDiag = 0;
  for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, Math.abs(A[j * d + j]));
  const tiny = 1e-12 * Math.max(maxDiag, Number.MIN_VALUE);
  // A = L Lᵀ, L stored in the lower triangle of A.
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j];
    for (let k = 0; k < j; k++) s -= A[j * d + k] * A[j * d + k];
    if (!(s > tiny)) return null;
    const l = Math.sqrt(s);
    A[j * d + j] = l;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j];
      for (let k = 0; k < j; k++) t -= A[i * d + k] * A[j * d + k];
      A[i * d + j] = t / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= A[i * d + k] * x[k];
    x[i] = s / A[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < d; k++) s -= A[k * d + i] * x[k];
    x[i] = s / A[i * d + i];
  }
  return x;
}

export function fitRidge(X: FeatureMatrix, target: TaskTarget, params: RidgeParams): RidgeModel {
  if (target.task !== 'regression') throw new Error('ridge needs a regression target');
  checkTaskInputs('ridge', X, target);
  const { n, d, values } = X;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`feature matrix has a non-finite value at row ${Math.floor(i / d) + 1}, feature '${X.featureNames[i % d]}'`);
  }
  const y = target.y;
  const xMean = new Float64Array(d);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    yMean += y[i];
    for (let j = 0; j < d; j++) xMean[j] += values[i * d + j];
  }
  yMean /= n;
  for (let j = 0; j < d; j++) xMean[j] /= n;
  const A = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const xc = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) xc[j] = values[i * d + j] - xMean[j];
    const yc = y[i] - yMean;
    for (let j = 0; j < d; j++) {
      const a = xc[j];
      if (a === 0) continue;
      rhs[j] += a * yc;
      // Upper triangle only; mirrored below.
      for (let k = j; k < d; k++) A[j * d + k] += a * xc[k];
    }
  }
  for (let j = 0; j < d; j++) {
    A[j * d + j] += params.l2;
    for (let k = j + 1; k < d; k++) A[k * d + j] = A[j * d + k];
  }
  const w = choleskySolve(A, rhs, d);
  if (!w) {
    throw new Error(
      params.l2 === 0
        ? 'ridge with l2 = 0 has no unique solution: features are collinear (e.g. a constant feature or a full one-hot block); use l2 > 0'
        : 'ridge: the penalised normal equations are numerically singular; increase l2',
    );
  }
  let b = yMean;
  for (let j = 0; j < d; j++) b -= xMean[j] * w[j];
  return { coef: w, intercept: b };
}

export const ridgeTrainer: TaskTrainer<RidgeParams> = {
  name: 'ridge',
  task: 'regression',
  version: '1.0.0',
  paramsSchema: ridgeParamsSchema,
  async train(X, target, params, options: TaskTrainOptions): Promise<TrainedTaskModel> {
    if (options.shouldStop?.()) throw new TrainingCancelled();
    const m = fitRidge(X, target, params);
    const metrics: Record<string, number> = { loss: meanSquaredError(predictRidge(X, m.coef, m.intercept), target.y) };
    const v = options.validation;
    if (v && v.target.task === 'regression') metrics.valid_rmse = Math.sqrt(meanSquaredError(predictRidge(v.X, m.coef, m.intercept), v.target.y));
    await options.onProgress?.({ iteration: 1, total: 1, metrics });
    return {
      predict: (M) => predictRidge(M, m.coef, m.intercept),
      width: 1,
      onnxPart: ridgePart(m.coef, m.intercept),
      summary: { intercept: m.intercept },
    };
  },
};
