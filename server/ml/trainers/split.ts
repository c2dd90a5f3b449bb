// A stratified, seeded train/validation split: each class is shuffled with the seed and its
// first round(fraction · count) rows (at least 1, at most count − 1) go to validation, so both
// sides hold both classes. Returns ascending row indices; null when a class has under 2 rows.
import { seededRng, shuffleInPlace } from './rng';
import type { FeatureMatrix, Labels } from './types';

export interface Split {
  train: number[];
  validation: number[];
}

export function stratifiedSplit(y: Labels, fraction: number, seed: number): Split | null {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`validation fraction must be in (0, 1), got ${fraction}`);
  const rng = seededRng(seed);
  const train: number[] = [];
  const validation: number[] = [];
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    if (idx.length < 2) return null;
    shuffleInPlace(idx, rng);
    const k = Math.min(idx.length - 1, Math.max(1, Math.round(fraction * idx.length)));
    validation.push(...idx.slice(0, k));
    train.push(...idx.slice(k));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

export function takeRows(X: FeatureMatrix, rows: number[]): FeatureMatrix {
  const values = new Float64Array(rows.length * X.d);
  rows.forEach((r, i) => values.set(X.values.subarray(r * X.d, (r + 1) * X.d), i * X.d));
  return { values, n: rows.length, d: X.d, featureNames: X.featureNames };
}

export function takeLabels(y: Labels, rows: number[]): Labels {
  return Uint8Array.from(rows, (r) => y[r]);
}

/**
 * Multiclass version of stratifiedSplit: each class with at least 2 rows sends round(fraction ·
 * count) of them (at least 1, at most count − 1) to validation; a class with a single row stays in
 * training, so the holdout model knows every class. Null when no class has 2 rows.
 */
export function stratifiedClassSplit(y: Int32Array, k: number, fraction: number, seed: number): Split | null {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`validation fraction must be in (0, 1), got ${fraction}`);
  const rng = seededRng(seed);
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const train: number[] = [];
  const validation: number[] = [];
  for (const idx of byClass) {
    if (idx.length < 2) {
      train.push(...idx);
      continue;
    }
    shuffleInPlace(idx, rng);
    const m = Math.min(idx.length - 1, Math.max(1, Math.round(fraction * idx.length)));
    validation.push(...idx.slice(0, m));
    train.push(...idx.slice(m));
  }
  if (validation.length === 0) return null;
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

/** A seeded random split of n rows: round(fraction · n) rows (at least 1) to validation; null when n < 2. */
export function randomSplit(n: number, fraction: number, seed: number): Split | null {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`validation fraction must be in (0, 1), got ${fraction}`);
  if (n < 2) return null;
  const idx = shuffleInPlace(Array.from({ length: n }, (_, i) => i), seededRng(seed));
  const m = Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  return { train: idx.slice(m).sort((a, b) => a - b), validation: idx.slice(0, m).sort((a, b) => a - b) };
}

/**
 * Out-of-time validation: the last round(fraction · n) rows (the latest, when rows are in time
 * order) validate, the earlier ones train — a model is judged on data later than it learnt from.
 * Throws when either side lacks a class (no AUC can be computed there): say so rather than
 * silently fall back to a random split.
 */
export function outOfTimeSplit(y: Labels, fraction: number): Split {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`validation fraction must be in (0, 1), got ${fraction}`);
  const k = Math.min(y.length - 1, Math.max(1, Math.round(fraction * y.length)));
  const cut = y.length - k;
  const classes = (from: number, to: number) => new Set(Array.from(y.subarray(from, to)));
  if (y.length < 4 || classes(0, cut).size < 2 || classes(cut, y.length).size < 2) {
    throw new Error(`out-of-time validation: the latest ${Math.round(fraction * 100)}% of rows (${k} of ${y.length}) and the rows before them must each hold both classes`);
  }
  return { train: Array.from({ length: cut }, (_, i) => i), validation: Array.from({ length: k }, (_, i) => cut + i) };
}
