// Rolling up the logged outputs of multiclass and regression predictions (binary ones keep the
// score bins of service_rollups): a minute's counts, summed for any window like the score bins.
//   regression  the predicted value counted in the version's reference bins (its deciles on the
//               training data; no bins when the version has no reference), with n, Σv and Σv²
//   multiclass  per class (the version's class order) its probability in 20 equal bins, and the
//               rows predicted as each class
// A logged output that does not fit (a non-finite value, a class the version does not have, a
// missing probability) is not counted, and counted in `invalid`.
import { psiBin } from '../stats/psi';
import { SCORE_BINS, scoreBin } from './score-bins';

export interface RegressionOutputCounts {
  task: 'regression';
  n: number;
  invalid: number;
  counts: number[];
  sum: number;
  squares: number;
}

export interface MulticlassOutputCounts {
  task: 'multiclass';
  n: number;
  invalid: number;
  probabilities: number[][];
  predicted: number[];
}

export type OutputCounts = RegressionOutputCounts | MulticlassOutputCounts;

/** How a version's outputs are binned: its task, its classes, its reference value edges. */
export type OutputBinning = { task: 'regression'; edges: number[] | null } | { task: 'multiclass'; classes: string[]; index: Map<string, number> };

export function emptyOutputCounts(b: OutputBinning): OutputCounts {
  if (b.task === 'regression') return { task: 'regression', n: 0, invalid: 0, counts: b.edges ? new Array<number>(b.edges.length + 1).fill(0) : [], sum: 0, squares: 0 };
  return { task: 'multiclass', n: 0, invalid: 0, probabilities: b.classes.map(() => new Array<number>(SCORE_BINS).fill(0)), predicted: new Array<number>(b.classes.length).fill(0) };
}

/** Adds one logged `outputs` object (regression {prediction}; multiclass {label, probabilities}). */
export function addOutputs(b: OutputBinning, c: OutputCounts, outputs: unknown): void {
  const o = (outputs ?? {}) as Record<string, unknown>;
  if (b.task === 'regression' && c.task === 'regression') {
    const v = o.prediction;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      c.invalid++;
      return;
    }
    c.n++;
    c.sum += v;
    c.squares += v * v;
    if (b.edges) c.counts[psiBin(b.edges, v)]++;
    return;
  }
  if (b.task !== 'multiclass' || c.task !== 'multiclass') throw new Error(`output counts of a ${c.task} version cannot take ${b.task} outputs`);
  const probs = o.probabilities as Record<string, unknown> | null | undefined;
  const label = typeof o.label === 'string' ? b.index.get(o.label) : undefined;
  const values = b.classes.map((k) => (probs && typeof probs === 'object' && Object.hasOwn(probs, k) ? probs[k] : undefined));
  if (label === undefined || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    c.invalid++;
    return;
  }
  c.n++;
  c.predicted[label]++;
  values.forEach((v, k) => c.probabilities[k][scoreBin(v as number)]++);
}

/** Adds `add` into `into` (same version, so the same bins); returns `into`. */
export function mergeOutputCounts(into: OutputCounts, add: OutputCounts): OutputCounts {
  into.n += add.n;
  into.invalid += add.invalid ?? 0;
  if (into.task === 'regression' && add.task === 'regression') {
    into.sum += add.sum;
    into.squares += add.squares;
    for (let i = 0; i < into.counts.length; i++) into.counts[i] += add.counts[i] ?? 0;
  } else if (into.task === 'multiclass' && add.task === 'multiclass') {
    for (let k = 0; k < into.predicted.length; k++) {
      into.predicted[k] += add.predicted[k] ?? 0;
      for (let i = 0; i < SCORE_BINS; i++) into.probabilities[k][i] += add.probabilities[k]?.[i] ?? 0;
    }
  }
  return into;
}
