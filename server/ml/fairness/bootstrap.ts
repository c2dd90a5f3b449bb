// Percentile-bootstrap intervals for the per-group rates, so small groups show how uncertain
// their numbers are (console only; the CLI JSON has point estimates).
//
// Rows are resampled with replacement within each group (the group's size is fixed). Every
// rate here is a function of the group's confusion-matrix cells, so one resample is exactly a
// Multinomial(n; tp/n, fp/n, fn/n, tn/n) draw of the cells: O(log n) per replicate instead of
// O(n), which keeps 1M-row groups cheap. A replicate where a rate is undefined (e.g. no
// label-1 row drawn for tpr) is left out of that rate's percentiles.
import { confusionMatrix } from '../metrics/binary';
import { quantileSorted } from '../data/quantile';
import { splitGroups } from './report';
import { multinomial, mulberry32 } from './random';

export interface Interval {
  lo: number;
  hi: number;
}

export interface GroupIntervals {
  group: string;
  n: number;
  /** null when the rate is undefined in every replicate. */
  selection_rate: Interval | null;
  tpr: Interval | null;
  fpr: Interval | null;
  precision: Interval | null;
  accuracy: Interval | null;
}

export interface BootstrapOptions {
  threshold?: number;
  /** Resamples per group (default 1000). */
  replicates?: number;
  seed?: number;
  /** Central coverage (default 0.95 → 2.5th and 97.5th percentiles). */
  level?: number;
}

const RATES = ['selection_rate', 'tpr', 'fpr', 'precision', 'accuracy'] as const;

function interval(values: number[], level: number): Interval | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - level) / 2;
  return { lo: quantileSorted(sorted, tail), hi: quantileSorted(sorted, 1 - tail) };
}

export function bootstrapIntervals(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  groups: ArrayLike<string | null>,
  opts: BootstrapOptions = {},
): GroupIntervals[] {
  const threshold = opts.threshold ?? 0.5;
  const replicates = opts.replicates ?? 1000;
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(replicates) || replicates < 1) throw new Error(`replicates must be a positive integer, got ${replicates}`);
  const rand = mulberry32(opts.seed ?? 0);
  const { names, rows } = splitGroups(groups);
  return names.map((group) => {
    const idx = rows.get(group)!;
    const n = idx.length;
    const cm = confusionMatrix(
      idx.map((i) => y[i]),
      idx.map((i) => score[i]),
      threshold,
    );
    const cells = [cm.tp, cm.fp, cm.fn, cm.tn];
    const draws: Record<(typeof RATES)[number], number[]> = { selection_rate: [], tpr: [], fpr: [], precision: [], accuracy: [] };
    for (let r = 0; r < replicates; r++) {
      const [tp, fp, fn, tn] = multinomial(rand, n, cells);
      draws.selection_rate.push((tp + fp) / n);
      draws.accuracy.push((tp + tn) / n);
      if (tp + fn > 0) draws.tpr.push(tp / (tp + fn));
      if (fp + tn > 0) draws.fpr.push(fp / (fp + tn));
      if (tp + fp > 0) draws.precision.push(tp / (tp + fp));
    }
    const out: GroupIntervals = { group, n, selection_rate: null, tpr: null, fpr: null, precision: null, accuracy: null };
    for (const k of RATES) out[k] = interval(draws[k], level);
    return out;
  });
}
