// The losses the histogram GBDT boosts, each with k raw scores per row (one tree per output per
// round, as XGBoost grows k trees per round for multi:softprob):
//   binary      log-loss of sigmoid(margin); k = 1; base score the log-odds of the positive rate
//   multiclass  softmax log-loss; k = classes; base scores the log class priors; hessian
//               max(2p(1 − p), 1e-16) as XGBoost's softmax objective (all k trees of a round see
//               the gradients at the start of the round)
//   regression  squared error ½(margin − y)²: g = margin − y, h = 1; base score the mean target
// Margins are float32 (what the exported graph computes); gradients and losses are doubles.
import { fastAuc } from './gbdt-auc';
import { expNonPositive } from './gbdt-exp';

/** Hessians below this are raised to it (as XGBoost does) so a pure leaf never divides by ~0 when λ = 0. */
export const MIN_HESSIAN = 1e-16;

export interface GbdtObjective {
  /** Raw scores per row, i.e. trees per boosting round. */
  readonly k: number;
  /** Float32 starting score of each output. */
  readonly base: number[];
  /**
   * Writes [g0, h0, g1, h1, …] of output c into gh[c] at row-major n × k training margins and
   * returns the mean training loss there.
   */
  gradients(margin: Float32Array, gh: Float64Array[]): number;
  /** Step metrics of the training margins besides `loss`. */
  trainMetrics(margin: Float32Array): Record<string, number>;
  /**
   * trainMetrics runs at round 1, every this many rounds and at the last round (./gbdt-boost.ts):
   * 1 for metrics as cheap as the loss, more for one that costs a sort of every training row.
   */
  readonly trainMetricsEvery: number;
  /** Validation loss (what early stopping minimises) and step metrics at validation margins. */
  validMetrics(margin: Float32Array): { loss: number; metrics: Record<string, number> };
}

/**
 * Rounds between two reports of the binary training AUC. It is an exact AUC of all training rows,
 * but one costs a radix sort of n float32 scores — on 200k rows about as much as growing a fifth
 * of a tree, i.e. ~18% of a fit if paid every round (XGBoost computes no training metric unless
 * asked). The loss stays on every round; the model never depends on it.
 */
export const TRAIN_AUC_EVERY = 10;

/** Rows per log in the binary training loss: a product of ≤ 512 factors ≤ 2 stays below 2^512. */
const LOSS_CHUNK = 512;

/** softplus(z) = log(1 + e^z), stable for any z. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function binaryLogLoss(margin: Float32Array, y: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] === 1 ? softplus(-margin[i]) : softplus(margin[i]);
  return s / y.length;
}

export function binaryObjective(y: Uint8Array, yValid?: Uint8Array): GbdtObjective {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i];
  const rate = pos / y.length;
  return {
    k: 1,
    base: [Math.fround(Math.log(rate / (1 - rate)))],
    gradients(margin, gh) {
      const g = gh[0];
      const n = margin.length;
      // −log p = softplus(−m), −log(1 − p) = softplus(m); softplus(z) = max(z, 0) + log(1 + e^−|z|).
      // The log terms are summed as the log of a running product of (1 + e) ∈ (1, 2], one log per
      // LOSS_CHUNK rows instead of one per row (the log was half the cost of this loop; the mean
      // differs from a sum of log1p by ~1e-16). e^−|m| is Math.exp's bits, inlined (./gbdt-exp.ts).
      let linear = 0;
      let logs = 0;
      let tail = 0;
      for (let from = 0; from < n; from += LOSS_CHUNK) {
        const to = Math.min(n, from + LOSS_CHUNK);
        let prod = 1;
        for (let i = from; i < to; i++) {
          const m = margin[i];
          // e = exp(−|m|) never overflows.
          const e = expNonPositive(m >= 0 ? -m : m);
          const onePlusE = 1 + e;
          const p = (m >= 0 ? 1 : e) / onePlusE;
          const yi = y[i];
          // max(−m, 0) for a positive, max(m, 0) for a negative.
          const z = yi === 1 ? -m : m;
          if (z > 0) linear += z;
          prod *= onePlusE;
          g[2 * i] = p - yi;
          g[2 * i + 1] = Math.max(p * (1 - p), MIN_HESSIAN);
        }
        // A last, partial chunk is added after the others (the order the sum has always had).
        if (to - from === LOSS_CHUNK) logs += Math.log(prod);
        else tail = Math.log(prod);
      }
      return (linear + logs + tail) / n;
    },
    trainMetrics: (margin) => ({ train_auc: fastAuc(margin, y) }),
    trainMetricsEvery: TRAIN_AUC_EVERY,
    validMetrics(margin) {
      const loss = binaryLogLoss(margin, yValid!);
      return { loss, metrics: { valid_loss: loss, valid_auc: fastAuc(margin, yValid!) } };
    },
  };
}

/** Softmax of row i of n × k float32 margins into p (doubles); returns logsumexp − margin[y]. Every exponent is ≤ 0 (the row maximum is subtracted). */
function softmaxRow(margin: Float32Array, i: number, k: number, p: Float64Array, y: number): number {
  const o = i * k;
  let m = margin[o];
  for (let c = 1; c < k; c++) if (margin[o + c] > m) m = margin[o + c];
  let s = 0;
  for (let c = 0; c < k; c++) {
    p[c] = expNonPositive(margin[o + c] - m);
    s += p[c];
  }
  for (let c = 0; c < k; c++) p[c] /= s;
  return m + Math.log(s) - margin[o + y];
}

function argmaxRow(margin: Float32Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (margin[i * k + c] > margin[i * k + best]) best = c;
  return best;
}

export function softmaxObjective(y: Int32Array, k: number, yValid?: Int32Array): GbdtObjective {
  const counts = new Float64Array(k);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  const p = new Float64Array(k);
  const accuracy = (margin: Float32Array, labels: Int32Array) => {
    let ok = 0;
    for (let i = 0; i < labels.length; i++) if (argmaxRow(margin, i, k) === labels[i]) ok++;
    return ok / labels.length;
  };
  return {
    k,
    // A class without training rows starts at half a row's prior rather than at −∞.
    base: Array.from(counts, (c) => Math.fround(Math.log(Math.max(c, 0.5) / y.length))),
    gradients(margin, gh) {
      const n = y.length;
      let loss = 0;
      for (let i = 0; i < n; i++) {
        loss += softmaxRow(margin, i, k, p, y[i]);
        for (let c = 0; c < k; c++) {
          const pc = p[c];
          gh[c][2 * i] = pc - (y[i] === c ? 1 : 0);
          gh[c][2 * i + 1] = Math.max(2 * pc * (1 - pc), MIN_HESSIAN);
        }
      }
      return loss / n;
    },
    trainMetrics: (margin) => ({ train_accuracy: accuracy(margin, y) }),
    trainMetricsEvery: 1,
    validMetrics(margin) {
      const v = yValid!;
      let loss = 0;
      for (let i = 0; i < v.length; i++) loss += softmaxRow(margin, i, k, p, v[i]);
      loss /= v.length;
      return { loss, metrics: { valid_loss: loss, valid_accuracy: accuracy(margin, v) } };
    },
  };
}

function mse(margin: Float32Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const r = margin[i] - y[i];
    s += r * r;
  }
  return s / y.length;
}

export function squaredErrorObjective(y: Float64Array, yValid?: Float64Array): GbdtObjective {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += y[i];
  return {
    k: 1,
    base: [Math.fround(sum / y.length)],
    gradients(margin, gh) {
      const g = gh[0];
      for (let i = 0; i < y.length; i++) {
        g[2 * i] = margin[i] - y[i];
        g[2 * i + 1] = 1;
      }
      return mse(margin, y);
    },
    trainMetrics: (margin) => ({ train_rmse: Math.sqrt(mse(margin, y)) }),
    trainMetricsEvery: 1,
    validMetrics(margin) {
      const loss = mse(margin, yValid!);
      return { loss, metrics: { valid_loss: loss, valid_rmse: Math.sqrt(loss) } };
    },
  };
}
