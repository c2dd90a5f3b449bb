// Which run is best on each metric row of the compare table. A metric's direction says whether
// higher or lower is better; descriptive numbers (row count, positive rate) have none.

export type Direction = 'max' | 'min' | null;

/** Directions for the BinaryMetrics fields (server/ml/metrics/binary.ts). */
export const METRIC_DIRECTION: Record<string, Direction> = {
  auc: 'max',
  log_loss: 'min',
  brier: 'min',
  accuracy: 'max',
  precision: 'max',
  recall: 'max',
  f1: 'max',
  positive_rate: null,
  n: null,
  // Multiclass.
  macro_f1: 'max',
  micro_f1: 'max',
  weighted_f1: 'max',
  auc_ovr_macro: 'max',
  // Regression.
  rmse: 'min',
  mae: 'min',
  r2: 'max',
  mean_residual: null,
};

/**
 * Indices of the best value (all of them on a tie). Missing and non-finite values never win.
 * Nothing is marked when fewer than two values are comparable: a "best" of one says nothing.
 */
export function bestIndices(values: readonly (number | null | undefined)[], direction: Direction): number[] {
  if (!direction) return [];
  const finite = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
  const present = finite.filter((v): v is number => v !== null);
  if (present.length < 2) return [];
  const best = direction === 'max' ? Math.max(...present) : Math.min(...present);
  return finite.flatMap((v, i) => (v === best ? [i] : []));
}
