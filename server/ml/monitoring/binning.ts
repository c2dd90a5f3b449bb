// Counting logged inputs into a reference's bins: the rollup step.
import { psiBin } from '../stats/psi';
import type { FeatureReference } from './reference';

export interface FeatureCounts {
  /** Rows seen (missing included). */
  n: number;
  missing: number;
  /** Numeric values outside the reference [min, max]. */
  outOfRange: number;
  /** Categorical values never seen in training (only counted when the reference lists every training value). */
  unseen: number;
  /** Per reference bin (categorical: per category, then "other / unseen"). */
  counts: number[];
}

export function emptyCounts(ref: FeatureReference): FeatureCounts {
  return { n: 0, missing: 0, outOfRange: 0, unseen: 0, counts: new Array(ref.counts.length).fill(0) };
}

/** Adds one logged value. Non-numbers in a numeric input and non-strings in a categorical one count as missing. */
export function addValue(ref: FeatureReference, c: FeatureCounts, v: unknown, categoryIndex?: Map<string, number>): void {
  c.n++;
  if (ref.type === 'numeric') {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      c.missing++;
      return;
    }
    if ((ref.min !== null && v < ref.min) || (ref.max !== null && v > ref.max)) c.outOfRange++;
    c.counts[psiBin(ref.edges, v)]++;
    return;
  }
  if (typeof v !== 'string' || v === '') {
    c.missing++;
    return;
  }
  const idx = categoryIndex ? categoryIndex.get(v) : ref.categories.indexOf(v);
  if (idx === undefined || idx < 0) {
    // With more than the listed top categories in training, a value outside them may be a
    // known rare one: it goes to "other" without being called unseen.
    if (ref.complete !== false) c.unseen++;
    c.counts[ref.categories.length]++;
  } else c.counts[idx]++;
}

export function mergeCounts(into: FeatureCounts, add: FeatureCounts): FeatureCounts {
  into.n += add.n;
  into.missing += add.missing;
  into.outOfRange += add.outOfRange;
  into.unseen += add.unseen;
  for (let i = 0; i < into.counts.length; i++) into.counts[i] += add.counts[i] ?? 0;
  return into;
}
