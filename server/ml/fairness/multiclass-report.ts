// Per-group report of a multiclass classifier: each group's accuracy and, per class, its
// selection rate (the share of the group's rows predicted as that class, the multiclass form of
// demographic parity) and its label rate (the share labelled as it, for context); the gaps
// between groups (largest − smallest group value) of accuracy and of each class's selection rate.
//
// Conventions: the predicted class is the arg-max (ties: the first class, as multiclassMetrics);
// a class absent from a group has label rate 0 and, when never predicted there, selection rate 0;
// a report over one group has every gap 0. Missing group values form MISSING_GROUP.
//
// Intervals (percentile bootstrap, rows resampled within each group): every figure here is a
// function of the group's k × k (label, prediction) counts, so one resample is a multinomial draw
// of those counts (nonzero cells only): cheap for any number of rows. A gap's interval resamples
// every group in the same replicate.
import { argmaxRows } from '../metrics/multiclass';
import { quantileSorted } from '../data/quantile';
import { multinomial, mulberry32 } from './random';
import { splitGroups } from './report';
import type { Interval } from './bootstrap';

export interface MulticlassGroupReport {
  group: string;
  n: number;
  accuracy: number;
  /** Share of the group's rows predicted as each class (null-prototype object keyed by class). */
  selection_rates: Record<string, number>;
  /** Share of the group's rows labelled as each class. */
  label_rates: Record<string, number>;
}

export interface MulticlassFairnessReport {
  task: 'multiclass';
  classes: string[];
  groups: MulticlassGroupReport[];
  /** Largest − smallest group accuracy. */
  accuracy_gap: number;
  /** Per class, largest − smallest group selection rate. */
  selection_rate_gaps: Record<string, number>;
  /** The class whose selection-rate gap is largest (first in class order on ties). */
  max_selection_rate_gap: { class: string; gap: number };
}

export interface MulticlassGroupIntervals {
  group: string;
  n: number;
  accuracy: Interval;
  selection_rates: Record<string, Interval>;
}

export interface MulticlassIntervals {
  groups: MulticlassGroupIntervals[];
  accuracy_gap: Interval;
  selection_rate_gaps: Record<string, Interval>;
}

const keyed = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** Per group, its k × k (label, prediction) counts, row-major. */
function groupCells(y: ArrayLike<number>, pred: Int32Array, k: number, idx: number[]): number[] {
  const cells = new Array<number>(k * k).fill(0);
  for (const i of idx) cells[y[i] * k + pred[i]]++;
  return cells;
}

function figures(cells: ArrayLike<number>, k: number, n: number) {
  let correct = 0;
  const selected = new Array<number>(k).fill(0);
  const labelled = new Array<number>(k).fill(0);
  for (let t = 0; t < k; t++) {
    correct += cells[t * k + t];
    for (let p = 0; p < k; p++) {
      selected[p] += cells[t * k + p];
      labelled[t] += cells[t * k + p];
    }
  }
  return { accuracy: correct / n, selection: selected.map((s) => s / n), labels: labelled.map((s) => s / n) };
}

const gap = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

function checkInputs(y: ArrayLike<number>, probs: ArrayLike<number>, classes: string[], groups: ArrayLike<string | null>): number {
  const n = y.length;
  const k = classes.length;
  if (k < 2) throw new Error(`a multiclass report needs at least 2 classes, got ${k}`);
  if (groups.length !== n) throw new Error(`labels and groups differ in length (${n} vs ${groups.length})`);
  if (n === 0) throw new Error('no rows to report on');
  if (probs.length !== n * k) throw new Error(`expected ${n} × ${k} probabilities, got ${probs.length}`);
  for (let i = 0; i < n; i++) if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= k) throw new Error(`label at index ${i} is ${y[i]}, not a class index below ${k}`);
  return n;
}

/** `y`: class indices into `classes`; `probs`: row-major n × k in `classes` order. */
export function multiclassFairnessReport(y: ArrayLike<number>, probs: ArrayLike<number>, classes: string[], groups: ArrayLike<string | null>): MulticlassFairnessReport {
  const n = checkInputs(y, probs, classes, groups);
  const k = classes.length;
  const pred = argmaxRows(probs, n, k);
  const { names, rows } = splitGroups(groups);
  const reports = names.map((group): MulticlassGroupReport => {
    const idx = rows.get(group)!;
    const f = figures(groupCells(y, pred, k, idx), k, idx.length);
    const selection_rates = keyed<number>();
    const label_rates = keyed<number>();
    classes.forEach((c, j) => {
      selection_rates[c] = f.selection[j];
      label_rates[c] = f.labels[j];
    });
    return { group, n: idx.length, accuracy: f.accuracy, selection_rates, label_rates };
  });
  const selection_rate_gaps = keyed<number>();
  let worst = { class: classes[0], gap: -1 };
  for (const c of classes) {
    const g = gap(reports.map((r) => r.selection_rates[c]));
    selection_rate_gaps[c] = g;
    if (g > worst.gap) worst = { class: c, gap: g };
  }
  return { task: 'multiclass', classes: [...classes], groups: reports, accuracy_gap: gap(reports.map((r) => r.accuracy)), selection_rate_gaps, max_selection_rate_gap: worst };
}

function interval(values: number[], level: number): Interval {
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - level) / 2;
  return { lo: quantileSorted(sorted, tail), hi: quantileSorted(sorted, 1 - tail) };
}

export function multiclassIntervals(
  y: ArrayLike<number>,
  probs: ArrayLike<number>,
  classes: string[],
  groups: ArrayLike<string | null>,
  opts: { replicates?: number; seed?: number; level?: number } = {},
): MulticlassIntervals {
  const n = checkInputs(y, probs, classes, groups);
  const k = classes.length;
  const replicates = opts.replicates ?? 1000;
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(replicates) || replicates < 1) throw new Error(`replicates must be a positive integer, got ${replicates}`);
  const rand = mulberry32(opts.seed ?? 0);
  const pred = argmaxRows(probs, n, k);
  const { names, rows } = splitGroups(groups);
  const base = names.map((group) => {
    const idx = rows.get(group)!;
    const cells = groupCells(y, pred, k, idx);
    const nonzero = cells.flatMap((c, j) => (c > 0 ? [j] : []));
    return { group, n: idx.length, cells, nonzero };
  });
  const acc = base.map(() => [] as number[]);
  const sel = base.map(() => classes.map(() => [] as number[]));
  const accGap: number[] = [];
  const selGap = classes.map(() => [] as number[]);
  const drawn = new Array<number>(k * k);
  for (let r = 0; r < replicates; r++) {
    const reps = base.map((g, gi) => {
      drawn.fill(0);
      const counts = multinomial(rand, g.n, g.nonzero.map((j) => g.cells[j]));
      g.nonzero.forEach((j, m) => (drawn[j] = counts[m]));
      const f = figures(drawn, k, g.n);
      acc[gi].push(f.accuracy);
      f.selection.forEach((s, c) => sel[gi][c].push(s));
      return f;
    });
    accGap.push(gap(reps.map((f) => f.accuracy)));
    classes.forEach((_, c) => selGap[c].push(gap(reps.map((f) => f.selection[c]))));
  }
  const selection_rate_gaps = keyed<Interval>();
  classes.forEach((c, j) => (selection_rate_gaps[c] = interval(selGap[j], level)));
  return {
    groups: base.map((g, gi) => {
      const selection_rates = keyed<Interval>();
      classes.forEach((c, j) => (selection_rates[c] = interval(sel[gi][j], level)));
      return { group: g.group, n: g.n, accuracy: interval(acc[gi], level), selection_rates };
    }),
    accuracy_gap: interval(accGap, level),
    selection_rate_gaps,
  };
}
