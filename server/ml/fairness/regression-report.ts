// Per-group error report of a regression model: each group's MAE, RMSE, mean residual
// (y − ŷ: positive = the model under-predicts the group) and R², and the gaps between groups
// (largest − smallest group value) of MAE, RMSE and mean residual.
//
// Conventions: R² per group as sklearn 1.2's r2_score (null for a single-row group; a constant
// target scores 1 when predicted exactly, else 0; ../metrics/regression.ts); a report over one
// group has every gap 0. Missing group values form MISSING_GROUP.
//
// Intervals (percentile bootstrap, rows resampled within each group, every group in the same
// replicate so gaps get intervals too) cost O(rows) per replicate: the replicates are capped so
// rows × replicates stays under BOOTSTRAP_BUDGET, and below MIN_REPLICATES no interval is given
// (null) — that many rows make the intervals narrow anyway.
import { regressionMetrics } from '../metrics/regression';
import { quantileSorted } from '../data/quantile';
import { mulberry32 } from './random';
import { splitGroups } from './report';
import type { Interval } from './bootstrap';

export const BOOTSTRAP_BUDGET = 20_000_000;
export const MIN_REPLICATES = 100;

export interface RegressionGroupReport {
  group: string;
  n: number;
  mae: number;
  rmse: number;
  mean_residual: number;
  r2: number | null;
}

export interface RegressionFairnessReport {
  task: 'regression';
  groups: RegressionGroupReport[];
  /** Largest − smallest group value. */
  gaps: { mae: number; rmse: number; mean_residual: number };
}

type ErrorKey = 'mae' | 'rmse' | 'mean_residual';
const KEYS: ErrorKey[] = ['mae', 'rmse', 'mean_residual'];

export interface RegressionIntervals {
  replicates: number;
  groups: ({ group: string; n: number } & Record<ErrorKey, Interval>)[];
  gaps: Record<ErrorKey, Interval>;
}

const gap = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

function checkInputs(y: ArrayLike<number>, prediction: ArrayLike<number>, groups: ArrayLike<string | null>): void {
  if (prediction.length !== y.length) throw new Error(`labels and predictions differ in length (${y.length} vs ${prediction.length})`);
  if (groups.length !== y.length) throw new Error(`labels and groups differ in length (${y.length} vs ${groups.length})`);
  if (y.length === 0) throw new Error('no rows to report on');
}

export function regressionFairnessReport(y: ArrayLike<number>, prediction: ArrayLike<number>, groups: ArrayLike<string | null>): RegressionFairnessReport {
  checkInputs(y, prediction, groups);
  const { names, rows } = splitGroups(groups);
  const reports = names.map((group): RegressionGroupReport => {
    const idx = rows.get(group)!;
    const m = regressionMetrics(
      idx.map((i) => y[i]),
      idx.map((i) => prediction[i]),
    );
    return { group, n: idx.length, mae: m.mae, rmse: m.rmse, mean_residual: m.mean_residual, r2: m.r2 };
  });
  return { task: 'regression', groups: reports, gaps: { mae: gap(reports.map((r) => r.mae)), rmse: gap(reports.map((r) => r.rmse)), mean_residual: gap(reports.map((r) => r.mean_residual)) } };
}

function interval(values: number[], level: number): Interval {
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - level) / 2;
  return { lo: quantileSorted(sorted, tail), hi: quantileSorted(sorted, 1 - tail) };
}

/** Null when the rows allow fewer than MIN_REPLICATES replicates within the budget. */
export function regressionIntervals(
  y: ArrayLike<number>,
  prediction: ArrayLike<number>,
  groups: ArrayLike<string | null>,
  opts: { replicates?: number; seed?: number; level?: number } = {},
): RegressionIntervals | null {
  checkInputs(y, prediction, groups);
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`level must be in (0, 1), got ${level}`);
  const asked = opts.replicates ?? 1000;
  if (!Number.isInteger(asked) || asked < 1) throw new Error(`replicates must be a positive integer, got ${asked}`);
  const replicates = Math.min(asked, Math.floor(BOOTSTRAP_BUDGET / y.length));
  if (replicates < Math.min(asked, MIN_REPLICATES)) return null;
  const rand = mulberry32(opts.seed ?? 0);
  const { names, rows } = splitGroups(groups);
  const residuals = names.map((g) => Float64Array.from(rows.get(g)!, (i) => y[i] - prediction[i]));
  const draws = names.map(() => ({ mae: [] as number[], rmse: [] as number[], mean_residual: [] as number[] }));
  const gapDraws = { mae: [] as number[], rmse: [] as number[], mean_residual: [] as number[] };
  for (let r = 0; r < replicates; r++) {
    const rep = residuals.map((res, gi) => {
      const n = res.length;
      let abs = 0;
      let sq = 0;
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = res[Math.floor(rand() * n)];
        abs += Math.abs(e);
        sq += e * e;
        sum += e;
      }
      const f = { mae: abs / n, rmse: Math.sqrt(sq / n), mean_residual: sum / n };
      for (const k of KEYS) draws[gi][k].push(f[k]);
      return f;
    });
    for (const k of KEYS) gapDraws[k].push(gap(rep.map((f) => f[k])));
  }
  return {
    replicates,
    groups: names.map((group, gi) => ({ group, n: residuals[gi].length, mae: interval(draws[gi].mae, level), rmse: interval(draws[gi].rmse, level), mean_residual: interval(draws[gi].mean_residual, level) })),
    gaps: { mae: interval(gapDraws.mae, level), rmse: interval(gapDraws.rmse, level), mean_residual: interval(gapDraws.mean_residual, level) },
  };
}
