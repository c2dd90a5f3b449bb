// A version's reference profile: per model input, the bins its training data defines (the
// reference deciles for numeric inputs, the top categories for categorical ones), the counts
// per bin, the missing share and the observed range; plus the score distribution.
import type { ColumnProfile } from '../data/profile';
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

export interface ScoreReference {
  counts: number[];
  n: number;
}

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
