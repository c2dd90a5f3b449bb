// L2-regularised logistic regression, fitted by full-batch L-BFGS: deterministic (no sampling,
// fixed summation order, no Math.random; the seed is not used by the fit itself).
//
// Scaling convention (the same as scikit-learn's LogisticRegression with C = 1 / l2):
//   minimise  Σ_i [log(1 + e^{z_i}) − y_i z_i] + (l2 / 2)·‖w‖²,   z_i = x_i·w + b,
// the intercept b unpenalised, the loss a SUM over rows (not a mean). Internally the objective is
// divided by n (same minimiser) so `tol` bounds the largest gradient component of the mean loss.
import { z } from 'zod';
import { logregPart } from '../onnx/logreg-part';
import { rocAuc } from '../metrics/ranking';
import { minimizeLbfgs, maxAbs } from './lbfgs';
import { type FeatureMatrix, type Labels, type Trainer, type TrainOptions, type TrainedModel } from './types';

export const logregParamsSchema = z
  .object({
    /** L2 penalty on the coefficients (1 / C in scikit-learn); 0 = unpenalised. */
    l2: z.number().min(0).default(1),
    /** L-BFGS iterations at most (scikit-learn's default is also 100). */
    max_iter: z.number().int().min(1).max(100_000).default(100),
    /** Stop once every gradient component of the mean objective is at most this. */
    tol: z.number().positive().max(1).default(1e-8),
  })
  // Unknown keys are errors so a misspelt parameter never silently trains with the default.
  .strict();

export type LogregParams = z.output<typeof logregParamsSchema>;

export interface LogregModel {
  coef: Float64Array;
  intercept: number;
  iterations: number;
  converged: boolean;
  /** Final mean objective (loss + penalty) / n. */
  objective: number;
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function margins(X: FeatureMatrix, w: ArrayLike<number>, b: number, out: Float64Array): Float64Array {
  const { n, d, values } = X;
  for (let i = 0; i < n; i++) {
    let s = b;
    const o = i * d;
    for (let j = 0; j < d; j++) s += values[o + j] * w[j];
    out[i] = s;
  }
  return out;
}

export function predictLogreg(X: FeatureMatrix, coef: Float64Array, intercept: number): Float64Array {
  const z = margins(X, coef, intercept, new Float64Array(X.n));
  for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]);
  return z;
}

function meanLogLoss(z: Float64Array, y: Labels): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) s += softplus(z[i]) - y[i] * z[i];
  return s / z.length;
}

export async function fitLogreg(X: FeatureMatrix, y: Labels, params: LogregParams, options: Omit<TrainOptions, 'seed'> & { seed?: number } = {}): Promise<LogregModel> {
  const { n, d, values } = X;
  if (n < 1 || d < 1) throw new Error(`logreg needs at least one row and one feature (got ${n} × ${d})`);
  if (values.length !== n * d) throw new Error(`feature matrix holds ${values.length} values, expected ${n} × ${d}`);
  if (y.length !== n) throw new Error(`got ${y.length} labels for ${n} rows`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`feature matrix has a non-finite value at row ${Math.floor(i / d) + 1}, feature '${X.featureNames[i % d]}'`);
  }
  const p = d + 1; // θ = [w, b]
  const zBuf = new Float64Array(n);

  // Mean objective and its gradient at θ.
  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    const b = theta[d];
    margins(X, theta, b, zBuf);
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const zi = zBuf[i];
      loss += softplus(zi) - y[i] * zi;
      const r = sigmoid(zi) - y[i];
      const o = i * d;
      for (let j = 0; j < d; j++) grad[j] += r * values[o + j];
      grad[d] += r;
    }
    let pen = 0;
    for (let j = 0; j < d; j++) {
      pen += theta[j] * theta[j];
      grad[j] += params.l2 * theta[j];
    }
    for (let j = 0; j < p; j++) grad[j] /= n;
    return (loss + 0.5 * params.l2 * pen) / n;
  };

  const r = await minimizeLbfgs(evaluate, new Float64Array(p), {
    maxIter: params.max_iter,
    tol: params.tol,
    shouldStop: options.shouldStop,
    onIteration: options.onProgress
      ? async (iteration, theta, f, g) => {
          // zBuf holds the margins of the point just accepted (the last one evaluated).
          const metrics: Record<string, number> = { loss: meanLogLoss(zBuf, y), objective: f, grad_max: maxAbs(g) };
          if (options.validation) {
            const pv = predictLogreg(options.validation.X, theta.subarray(0, d), theta[d]);
            let vl = 0;
            for (let i = 0; i < pv.length; i++) {
              const q = Math.min(Math.max(pv[i], 1e-15), 1 - 1e-15);
              vl -= options.validation.y[i] ? Math.log(q) : Math.log(1 - q);
            }
            metrics.valid_loss = vl / pv.length;
            const auc = rocAuc(options.validation.y, pv);
            if (auc !== null) metrics.valid_auc = auc;
          }
          await options.onProgress!({ iteration, total: params.max_iter, metrics });
        }
      : undefined,
  });
  return { coef: r.theta.slice(0, d), intercept: r.theta[d], iterations: r.iterations, converged: r.converged, objective: r.f };
}

export const logregTrainer: Trainer<LogregParams> = {
  name: 'logreg',
  version: '1.0.0',
  paramsSchema: logregParamsSchema,
  async train(X: FeatureMatrix, y: Labels, params: LogregParams, options: TrainOptions): Promise<TrainedModel> {
    const m = await fitLogreg(X, y, params, options);
    return {
      predict: (M) => predictLogreg(M, m.coef, m.intercept),
      onnxPart: logregPart(m.coef, m.intercept),
      summary: { iterations: m.iterations, converged: m.converged ? 'yes' : 'no', objective: m.objective },
    };
  },
};
