// Multinomial (softmax) logistic regression with an L2 penalty, fitted by full-batch L-BFGS
// (./lbfgs.ts, the same optimiser as the binary logistic regression): deterministic.
//
// Scaling convention (scikit-learn's LogisticRegression(multi_class='multinomial', C = 1 / l2)):
//   minimise  Σ_i [logsumexp(z_i) − z_{i,y_i}] + (l2 / 2)·‖W‖²,   z_i = x_i·W + b  (k classes),
// intercepts unpenalised, the loss a SUM over rows; internally divided by n (same minimiser) so
// `tol` bounds the largest gradient component of the mean objective. All k classes get
// coefficients (no reference class), as in scikit-learn; with l2 > 0 the optimum is unique.
import { z } from 'zod';
import { softmaxPart } from '../onnx/linear-task-parts';
import { minimizeLbfgs, maxAbs } from './lbfgs';
import { checkTaskInputs, type TaskTarget, type TaskTrainer, type TaskTrainOptions, type TrainedTaskModel } from './task-types';
import type { FeatureMatrix } from './types';

export const softmaxParamsSchema = z
  .object({
    /** L2 penalty on the coefficients (1 / C in scikit-learn); 0 = unpenalised. */
    l2: z.number().min(0).default(1),
    max_iter: z.number().int().min(1).max(100_000).default(100),
    tol: z.number().positive().max(1).default(1e-8),
  })
  .strict();

export type SoftmaxParams = z.output<typeof softmaxParamsSchema>;

export interface SoftmaxModel {
  /** d × k, feature-major: coef[j * k + c]. */
  coef: Float64Array;
  intercept: Float64Array;
  iterations: number;
  converged: boolean;
  objective: number;
}

/** Row-major n × k logits into `out`. θ = [W (d × k feature-major), b (k)]. */
function logits(X: FeatureMatrix, theta: ArrayLike<number>, k: number, out: Float64Array): Float64Array {
  const { n, d, values } = X;
  const bOff = d * k;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let c = 0; c < k; c++) out[i * k + c] = theta[bOff + c];
    for (let j = 0; j < d; j++) {
      const x = values[o + j];
      if (x === 0) continue;
      const w = j * k;
      for (let c = 0; c < k; c++) out[i * k + c] += x * theta[w + c];
    }
  }
  return out;
}

/**
 * In-place softmax of each row of n × k logits. With labels, returns Σ_i [logsumexp(z_i) − z_{i,y_i}]
 * (the log-loss, exact even where p underflows); without, 0.
 */
function softmaxRows(z: Float64Array, n: number, k: number, y?: Int32Array): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = z[o];
    for (let c = 1; c < k; c++) if (z[o + c] > m) m = z[o + c];
    const zy = y ? z[o + y[i]] : 0;
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[o + c] - m);
      z[o + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) z[o + c] /= s;
    if (y) loss += m - zy + Math.log(s);
  }
  return loss;
}

export function predictSoftmax(X: FeatureMatrix, coef: Float64Array, intercept: Float64Array): Float64Array {
  const k = intercept.length;
  const theta = new Float64Array(coef.length + k);
  theta.set(coef);
  theta.set(intercept, coef.length);
  const z = logits(X, theta, k, new Float64Array(X.n * k));
  softmaxRows(z, X.n, k);
  return z;
}

/** Mean log-loss of n × k probabilities (clipped at 1e-15) against class indices. */
export function meanMulticlassLogLoss(p: ArrayLike<number>, y: Int32Array, k: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(Math.max(p[i * k + y[i]], 1e-15));
  return s / y.length;
}

/** Share of rows whose arg-max (first on ties) is the label. */
export function multiclassAccuracy(p: ArrayLike<number>, y: Int32Array, k: number): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
    if (best === y[i]) ok++;
  }
  return ok / y.length;
}

export async function fitSoftmax(X: FeatureMatrix, target: TaskTarget, params: SoftmaxParams, options: Omit<TaskTrainOptions, 'seed'> = {}): Promise<SoftmaxModel> {
  if (target.task !== 'multiclass') throw new Error('softmax logistic regression needs a multiclass target');
  const k = checkTaskInputs('logreg', X, target);
  const { n, d, values } = X;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`feature matrix has a non-finite value at row ${Math.floor(i / d) + 1}, feature '${X.featureNames[i % d]}'`);
  }
  const y = target.y;
  const zBuf = new Float64Array(n * k);
  const bOff = d * k;
  let lastLoss = NaN;

  // Mean objective and gradient: Σ_i (p_i − onehot(y_i)) ⊗ [x_i, 1] + l2·W, over n.
  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    logits(X, theta, k, zBuf);
    const loss = softmaxRows(zBuf, n, k, y);
    lastLoss = loss / n;
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * k;
      zBuf[o + y[i]] -= 1;
      for (let c = 0; c < k; c++) grad[bOff + c] += zBuf[o + c];
      const xo = i * d;
      for (let j = 0; j < d; j++) {
        const x = values[xo + j];
        if (x === 0) continue;
        const w = j * k;
        for (let c = 0; c < k; c++) grad[w + c] += x * zBuf[o + c];
      }
    }
    let pen = 0;
    for (let j = 0; j < bOff; j++) {
      pen += theta[j] * theta[j];
      grad[j] += params.l2 * theta[j];
    }
    for (let j = 0; j < grad.length; j++) grad[j] /= n;
    return (loss + 0.5 * params.l2 * pen) / n;
  };

  const valid = options.validation;
  const vt = valid?.target;
  const r = await minimizeLbfgs(evaluate, new Float64Array((d + 1) * k), {
    maxIter: params.max_iter,
    tol: params.tol,
    shouldStop: options.shouldStop,
    onIteration: options.onProgress
      ? async (iteration, theta, f, g) => {
          const metrics: Record<string, number> = { loss: lastLoss, objective: f, grad_max: maxAbs(g) };
          if (valid && vt && vt.task === 'multiclass') {
            const pv = predictSoftmax(valid.X, theta.subarray(0, bOff), theta.subarray(bOff));
            metrics.valid_loss = meanMulticlassLogLoss(pv, vt.y, k);
            metrics.valid_accuracy = multiclassAccuracy(pv, vt.y, k);
          }
          await options.onProgress!({ iteration, total: params.max_iter, metrics });
        }
      : undefined,
  });
  return { coef: r.theta.slice(0, bOff), intercept: r.theta.slice(bOff), iterations: r.iterations, converged: r.converged, objective: r.f };
}

export const softmaxTrainer: TaskTrainer<SoftmaxParams> = {
  name: 'logreg',
  task: 'multiclass',
  version: '1.0.0',
  paramsSchema: softmaxParamsSchema,
  async train(X, target, params, options): Promise<TrainedTaskModel> {
    const m = await fitSoftmax(X, target, params, options);
    return {
      predict: (M) => predictSoftmax(M, m.coef, m.intercept),
      width: m.intercept.length,
      onnxPart: softmaxPart(m.coef, m.intercept),
      summary: { iterations: m.iterations, converged: m.converged ? 'yes' : 'no', objective: m.objective },
    };
  },
};
