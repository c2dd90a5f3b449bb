// Per-group slice report and disparity figures for a binary classifier (the `vigil stats
// fairness` contract; the console shows the same numbers).
//
// Conventions for undefined values (null, never NaN):
// - tpr is null for a group without label-1 rows, fpr for a group without label-0 rows,
//   precision for a group with no predicted positives, auc for a single-class group.
// - disparity = group metric ÷ reference group's metric; null when either is null or the
//   reference's metric is 0.
// - parity_ok: every non-null disparity lies in [0.8, 1.25] (the four-fifths rule both ways),
//   allowing 1e-12 relative rounding so e.g. 0.24/0.3 counts as 0.8; true when all are null.
// - Ranges and ratios across groups skip null group values; a range over no values is null,
//   demographic_parity_ratio is null when the largest selection rate is 0.
import { confusionMatrix, ratio } from '../metrics/binary';
import { rocAuc } from '../metrics/ranking';
import { compareCodePoint } from '../data/table';

/** Name of the group of rows whose group value is missing. */
export const MISSING_GROUP = '(missing)';
export const PARITY_LOW = 0.8;
export const PARITY_HIGH = 1.25;

export interface Disparity {
  selection_rate: number | null;
  tpr: number | null;
  fpr: number | null;
  precision: number | null;
}

export interface GroupReport {
  group: string;
  n: number;
  selection_rate: number;
  tpr: number | null;
  fpr: number | null;
  precision: number | null;
  accuracy: number;
  auc: number | null;
  disparity: Disparity;
  parity_ok: boolean;
}

export interface FairnessReport {
  groups: GroupReport[];
  reference_group: string;
  demographic_parity_difference: number;
  demographic_parity_ratio: number | null;
  equalized_odds_difference: number | null;
  equal_opportunity_difference: number | null;
}

export interface FairnessOptions {
  threshold?: number;
  /** Defaults to the largest group (ties: first in code-point order). */
  referenceGroup?: string;
}

/** Thrown for a --reference-group that is not among the groups. */
export class UnknownGroupError extends Error {
  constructor(readonly group: string, readonly groups: string[]) {
    super(`reference group '${group}' not found (groups: ${groups.join(', ')})`);
    this.name = 'UnknownGroupError';
  }
}

/** Row indices per group name (missing → MISSING_GROUP), names in code-point order. */
export function splitGroups(groups: ArrayLike<string | null>): { names: string[]; rows: Map<string, number[]> } {
  const rows = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const name = groups[i] ?? MISSING_GROUP;
    let list = rows.get(name);
    if (!list) rows.set(name, (list = []));
    list.push(i);
  }
  return { names: [...rows.keys()].sort(compareCodePoint), rows };
}

function gather(src: ArrayLike<number>, idx: number[]): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = src[idx[k]];
  return out;
}

function divide(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

function withinParity(d: number): boolean {
  const tol = 1e-12;
  return d >= PARITY_LOW * (1 - tol) && d <= PARITY_HIGH * (1 + tol);
}

function range(values: (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : Math.max(...xs) - Math.min(...xs);
}

export function fairnessReport(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  groups: ArrayLike<string | null>,
  opts: FairnessOptions = {},
): FairnessReport {
  const threshold = opts.threshold ?? 0.5;
  if (y.length !== groups.length) throw new Error(`labels and groups differ in length (${y.length} vs ${groups.length})`);
  if (y.length === 0) throw new Error('no rows to report on');
  const { names, rows } = splitGroups(groups);

  const base = names.map((group) => {
    const idx = rows.get(group)!;
    const gy = gather(y, idx);
    const gs = gather(score, idx);
    const cm = confusionMatrix(gy, gs, threshold);
    const n = idx.length;
    return {
      group,
      n,
      selection_rate: (cm.tp + cm.fp) / n,
      tpr: ratio(cm.tp, cm.tp + cm.fn),
      fpr: ratio(cm.fp, cm.fp + cm.tn),
      precision: ratio(cm.tp, cm.tp + cm.fp),
      accuracy: (cm.tp + cm.tn) / n,
      auc: rocAuc(gy, gs),
    };
  });

  let reference: (typeof base)[number] | undefined;
  if (opts.referenceGroup !== undefined) {
    reference = base.find((g) => g.group === opts.referenceGroup);
    if (!reference) throw new UnknownGroupError(opts.referenceGroup, names);
  } else {
    // Strictly larger wins, so ties keep the first name in code-point order.
    for (const g of base) if (!reference || g.n > reference.n) reference = g;
  }
  const ref = reference!;

  const reports: GroupReport[] = base.map((g) => {
    const disparity: Disparity = {
      selection_rate: divide(g.selection_rate, ref.selection_rate),
      tpr: divide(g.tpr, ref.tpr),
      fpr: divide(g.fpr, ref.fpr),
      precision: divide(g.precision, ref.precision),
    };
    const parity_ok = Object.values(disparity).every((d) => d === null || withinParity(d));
    return { ...g, disparity, parity_ok };
  });

  const rates = reports.map((g) => g.selection_rate);
  const maxRate = Math.max(...rates);
  const minRate = Math.min(...rates);
  const tprRange = range(reports.map((g) => g.tpr));
  const fprRange = range(reports.map((g) => g.fpr));
  return {
    groups: reports,
    reference_group: ref.group,
    demographic_parity_difference: maxRate - minRate,
    demographic_parity_ratio: maxRate === 0 ? null : minRate / maxRate,
    equalized_odds_difference: tprRange === null ? fprRange : fprRange === null ? tprRange : Math.max(tprRange, fprRange),
    equal_opportunity_difference: tprRange,
  };
}
