// A version's reference profile: per model input, the bins its training data defines (the
// reference deciles for numeric inputs, the top categories for categorical ones), the counts
// per bin, the missing share and the observed range; plus the distribution of the model's outputs
// on that data, per task (binary: P(class 1) in 20 bins; regression: the predicted value in the
// bins of its reference deciles; multiclass: each class probability in 20 bins and the
// predicted-class counts).
import type { ColumnProfile } from '../data/profile';
import { psiBin, psiEdges } from '../stats/psi';
import { argMax } from '@/server/scoring/task-outputs';
import { SCORE_BINS, scoreBin } from './score-bins';

export interface NumericReference {
  name: string;
  type: 'numeric';
  /** Interior bin edges: bins (-inf, e1], (e1, e2], …, (ek, +inf). */
  edges: number[];
  counts: number[];
  n: number;
  missing: number;
  min: number | null;
  max: number | null;
  /** A sorted sample of reference values (≤ REFERENCE_SAMPLE) for exact tests on small windows. */
  sample: number[];
}

export interface CategoricalReference {
  name: string;
  type: 'categorical';
  /** Known categories; counts has one more slot at the end for "other / unseen". */
  categories: string[];
  /** True when `categories` lists every training value (≤ 50 distinct), so a value outside it is new. */
  complete?: boolean;
  counts: number[];
  n: number;
  missing: number;
}

export type FeatureReference = NumericReference | CategoricalReference;

/** Binary: counts of P(class 1) per score bin (references written before task support have no `task`). */
export interface BinaryScoreReference {
  task?: 'binary';
  counts: number[];
  n: number;
}

export interface RegressionScoreReference {
  task: 'regression';
  /** Interior edges (the predicted values' deciles, as numeric inputs); counts has edges.length + 1 bins. */
  edges: number[];
  counts: number[];
  n: number;
  mean: number | null;
  min: number | null;
  max: number | null;
}

export interface MulticlassScoreReference {
  task: 'multiclass';
  classes: string[];
  /** Per class (in `classes` order), counts of its probability per score bin. */
  probabilities: number[][];
  /** Rows predicted as each class (the arg-max). */
  predicted: number[];
  n: number;
}

export type ScoreReference = BinaryScoreReference | RegressionScoreReference | MulticlassScoreReference;

export type ReferenceTask = 'binary' | 'regression' | 'multiclass';
export const referenceTask = (r: ScoreReference): ReferenceTask => r.task ?? 'binary';

export const REFERENCE_SAMPLE = 2000;

/** Builds one input's reference from the dataset profile of the training data (and its values, for the sample). */
export function featureReference(profile: ColumnProfile, values: Float64Array | (string | null)[]): FeatureReference {
  if (profile.type === 'numeric') {
    const finite = Array.from(values as Float64Array).filter(Number.isFinite);
    // An evenly spaced pick from the sorted values keeps the sample's distribution (deterministic).
    finite.sort((a, b) => a - b);
    const step = Math.max(1, finite.length / REFERENCE_SAMPLE);
    const sample: number[] = [];
    for (let i = 0; i < finite.length && sample.length < REFERENCE_SAMPLE; i += step) sample.push(finite[Math.floor(i)]);
    return {
      name: profile.name,
      type: 'numeric',
      edges: profile.histogram.bin_edges,
      counts: profile.histogram.counts,
      n: profile.count,
      missing: profile.missing,
      min: profile.min,
      max: profile.max,
      sample,
    };
  }
  return {
    name: profile.name,
    type: 'categorical',
    categories: profile.categories.map((c) => c.value),
    complete: profile.other === 0,
    counts: [...profile.categories.map((c) => c.count), profile.other],
    n: profile.count,
    missing: profile.missing,
  };
}

export function scoreReference(scores: ArrayLike<number>): ScoreReference {
  const counts = new Array(SCORE_BINS).fill(0);
  for (let i = 0; i < scores.length; i++) counts[scoreBin(scores[i])]++;
  return { counts, n: scores.length };
}

/** Regression: the predicted values' distribution over their own deciles (non-finite values left out). */
export function regressionReference(values: ArrayLike<number>): RegressionScoreReference {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (!finite.length) return { task: 'regression', edges: [], counts: [0], n: 0, mean: null, min: null, max: null };
  const edges = psiEdges(finite);
  const counts = new Array<number>(edges.length + 1).fill(0);
  let sum = 0;
  for (const v of finite) {
    counts[psiBin(edges, v)]++;
    sum += v;
  }
  return { task: 'regression', edges, counts, n: finite.length, mean: sum / finite.length, min: finite[0], max: finite[finite.length - 1] };
}

/** Multiclass: row-major n × k probabilities (rows holding a non-finite value are left out). */
export function multiclassReference(probs: Float64Array, classes: string[]): MulticlassScoreReference {
  const k = classes.length;
  const rows = k ? probs.length / k : 0;
  const probabilities = classes.map(() => new Array<number>(SCORE_BINS).fill(0));
  const predicted = new Array<number>(k).fill(0);
  let n = 0;
  for (let i = 0; i < rows; i++) {
    let ok = true;
    for (let c = 0; c < k; c++) if (!Number.isFinite(probs[i * k + c])) ok = false;
    if (!ok) continue;
    n++;
    for (let c = 0; c < k; c++) probabilities[c][scoreBin(probs[i * k + c])]++;
    predicted[argMax(probs, i, k)]++;
  }
  return { task: 'multiclass', classes: [...classes], probabilities, predicted, n };
}
