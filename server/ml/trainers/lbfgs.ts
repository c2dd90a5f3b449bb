// Full-batch L-BFGS with a backtracking Armijo line search, shared by the logistic regressions
// (binary and softmax). Deterministic: fixed operation order, no randomness.
import { TrainingCancelled } from './types';

/** Memory of the L-BFGS inverse-Hessian approximation. */
const HISTORY = 10;
/** Armijo sufficient-decrease constant. */
const C1 = 1e-4;
/** Relative size of one rounding step of the objective, for the near-optimum acceptance test. */
const EPS = 2.220446049250313e-16;

export interface LbfgsOptions {
  maxIter: number;
  /** Stop once every gradient component is at most this. */
  tol: number;
  shouldStop?: () => boolean;
  /** Called after each accepted step, right after `evaluate` ran at the new point. */
  onIteration?: (iteration: number, theta: Float64Array, f: number, g: Float64Array) => void | Promise<void>;
}

export interface LbfgsResult {
  theta: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/**
 * Minimises f from θ₀. `evaluate(θ, grad)` returns f(θ) and writes ∇f(θ) into grad.
 * Throws TrainingCancelled when shouldStop() says so between iterations.
 */
export async function minimizeLbfgs(
  evaluate: (theta: Float64Array, grad: Float64Array) => number,
  theta0: Float64Array,
  options: LbfgsOptions,
): Promise<LbfgsResult> {
  const p = theta0.length;
  let theta = Float64Array.from(theta0);
  let g = new Float64Array(p);
  let f = evaluate(theta, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let iterations = 0;
  let converged = maxAbs(g) <= options.tol;
  const dir = new Float64Array(p);
  const alpha = new Float64Array(HISTORY);

  while (!converged && iterations < options.maxIter) {
    if (options.shouldStop?.()) throw new TrainingCancelled();
    // Two-loop recursion: dir = −H·g.
    for (let j = 0; j < p; j++) dir[j] = -g[j];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], dir);
      axpy(-alpha[k], Y[k], dir);
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(1, norm2(g));
    for (let j = 0; j < p; j++) dir[j] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], dir);
      axpy(alpha[k] - beta, S[k], dir);
    }
    let dg = dot(dir, g);
    if (!(dg < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < p; j++) dir[j] = -g[j] / Math.max(1, norm2(g));
      dg = dot(dir, g);
    }
    // Backtracking line search on the Armijo condition.
    let step = 1;
    const next = new Float64Array(p);
    const gNext = new Float64Array(p);
    let fNext = NaN;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let j = 0; j < p; j++) next[j] = theta[j] + step * dir[j];
      fNext = evaluate(next, gNext);
      // Near the optimum the decrease drops below the objective's rounding (g² / H ≪ eps · f), so
      // Armijo can no longer be checked; then a step that keeps f within rounding and shrinks the
      // gradient is taken (the approximate-Wolfe idea of Hager and Zhang), so `tol` stays reachable.
      if (fNext <= f + C1 * step * dg || (fNext - f <= 8 * EPS * Math.abs(f) && maxAbs(gNext) < maxAbs(g))) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break; // no decrease possible at double precision: as good as it gets
    const s = new Float64Array(p);
    const yv = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      s[j] = next[j] - theta[j];
      yv[j] = gNext[j] - g[j];
    }
    const sy = dot(s, yv);
    if (sy > 1e-12 * norm2(s) * norm2(yv)) {
      if (S.length === HISTORY) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    theta = next;
    g = gNext;
    f = fNext;
    iterations++;
    converged = maxAbs(g) <= options.tol;
    await options.onIteration?.(iterations, theta, f, g);
  }
  return { theta, f, iterations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}
function norm2(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
