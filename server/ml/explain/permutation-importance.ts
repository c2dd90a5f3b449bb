// Permutation importance (Breiman 2001; sklearn.inspection.permutation_importance): how much a
// metric drops when one input's values are shuffled across the rows, breaking its link to the
// label while keeping its distribution. Model-agnostic: `score` is any batch scorer. The
// shuffles come from a seeded generator, so the same seed gives the same numbers everywhere.
import { mulberry32 } from '../fairness/random';

export type Row = Record<string, unknown>;

export interface ImportanceMetric {
  name: string;
  /** The metric on labels and scores; null when it is undefined (e.g. AUC with one class). */
  fn: (y: number[], score: Float64Array) => number | null;
  higherIsBetter: boolean;
}

export interface PermutationOptions {
  rows: Row[];
  y: number[];
  /** The row fields to permute, one at a time. */
  inputs: string[];
  score: (rows: Row[]) => Promise<Float64Array>;
  metric: ImportanceMetric;
  repeats: number;
  seed: number;
}

export interface PermutationResult {
  baseline: number;
  /** Sorted by importance, largest first (ties by name). */
  inputs: { input: string; importance: number; std: number }[];
}

/** Fisher–Yates on indices 0..n-1 with the given generator. */
export function shuffledIndices(n: number, rand: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

export async function permutationImportance(o: PermutationOptions): Promise<PermutationResult> {
  if (o.rows.length !== o.y.length) throw new Error(`rows (${o.rows.length}) and labels (${o.y.length}) differ in length`);
  if (o.rows.length < 2) throw new Error('permutation importance needs at least 2 rows');
  if (!Number.isInteger(o.repeats) || o.repeats < 1) throw new Error('repeats must be a positive integer');
  const evaluate = (s: Float64Array) => {
    const m = o.metric.fn(o.y, s);
    if (m === null || !Number.isFinite(m)) throw new Error(`${o.metric.name} is undefined on these rows`);
    return m;
  };
  const baseline = evaluate(await o.score(o.rows));
  const sign = o.metric.higherIsBetter ? 1 : -1;
  const out: PermutationResult['inputs'] = [];
  // One generator per input (seeded from the seed and the input's position) so an input's
  // numbers do not depend on which other inputs were permuted before it.
  for (const [k, input] of o.inputs.entries()) {
    const rand = mulberry32((o.seed * 1_000_003 + k) >>> 0);
    const drops: number[] = [];
    for (let r = 0; r < o.repeats; r++) {
      const perm = shuffledIndices(o.rows.length, rand);
      const permuted = o.rows.map((row, i) => ({ ...row, [input]: o.rows[perm[i]][input] }));
      drops.push(sign * (baseline - evaluate(await o.score(permuted))));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    out.push({ input, importance: mean, std });
  }
  out.sort((a, b) => b.importance - a.importance || (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
  return { baseline, inputs: out };
}
