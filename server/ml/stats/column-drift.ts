// Drift of one column between a reference and a current sample, and the dataset-level summary:
// the computation behind `vigil stats drift` (and its JSON contract). Method choice follows the
// widely used defaults: with a small reference (≤ 1000 rows) a binary column gets the z-test,
// a numeric one with more than five distinct values the KS test, others chi-squared; with a
// larger reference p-value tests flag negligible differences, so distances are used instead
// (normalised Wasserstein for numeric, Jensen–Shannon otherwise).
import { chi2Contingency } from './chi2';
import { countSortedNumbers, countStrings, type CategoryCounts } from './categories';
import { jensenShannonDistance } from './jensen-shannon';
import { ks2sampSorted, sortedFinite } from './ks';
import { psiFromCounts, psiNumeric } from './psi';
import { normalizedWasserstein } from './wasserstein';
import { twoProportionZTest } from './ztest';

export const DRIFT_METHODS = ['ks', 'chi2', 'ztest', 'wasserstein', 'jensenshannon', 'psi'] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];
export type DriftMethodOption = DriftMethod | 'auto';

/** p-value tests drift at or below (ztest: strictly below) 0.05; distances at or above 0.1. */
export const DRIFT_THRESHOLDS: Record<DriftMethod, number> = {
  ks: 0.05,
  chi2: 0.05,
  ztest: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};

/** Reference sizes up to this many rows count as "small" for the automatic choice. */
export const SMALL_REFERENCE_ROWS = 1000;

export type DriftSample =
  | { type: 'numeric'; values: ArrayLike<number> } // NaN = missing
  | { type: 'categorical'; values: readonly (string | null)[] }; // null = missing

export interface ColumnDrift {
  column: string;
  type: 'numeric' | 'categorical';
  method: DriftMethod | null;
  statistic: number | null;
  pValue: number | null;
  threshold: number | null;
  drifted: boolean;
  /** Non-missing values tested on each side. */
  nReference: number;
  nCurrent: number;
  /** Why the column was not tested (method null). */
  reason?: string;
}

export interface DatasetDrift {
  columns: ColumnDrift[];
  driftedColumns: number;
  /** Drifted ÷ tested columns (0 when none was tested). */
  driftShare: number;
  datasetDrift: boolean;
}

export const DATASET_DRIFT_SHARE = 0.5;

/** The automatic method for a column with `distinct` values in reference ∪ current. */
export function autoMethod(type: 'numeric' | 'categorical', distinct: number, referenceRows: number): DriftMethod {
  if (referenceRows <= SMALL_REFERENCE_ROWS) {
    if (distinct <= 2) return 'ztest';
    if (type === 'numeric' && distinct > 5) return 'ks';
    return 'chi2';
  }
  if (type === 'numeric' && distinct > 5) return 'wasserstein';
  return 'jensenshannon';
}

type Prepared =
  | { type: 'numeric'; ref: Float64Array; cur: Float64Array; counts: CategoryCounts<number> }
  | { type: 'categorical'; ref: string[]; cur: string[]; counts: CategoryCounts<string> };

function prepare(reference: DriftSample, current: DriftSample): Prepared {
  if (reference.type === 'numeric' && current.type === 'numeric') {
    const ref = sortedFinite(reference.values);
    const cur = sortedFinite(current.values);
    return { type: 'numeric', ref, cur, counts: countSortedNumbers(ref, cur) };
  }
  if (reference.type === 'categorical' && current.type === 'categorical') {
    const ref = reference.values.filter((v): v is string => v !== null);
    const cur = current.values.filter((v): v is string => v !== null);
    return { type: 'categorical', ref, cur, counts: countStrings(ref, cur) };
  }
  throw new Error('columnDrift: reference and current samples must have the same type');
}

function untested(base: Omit<ColumnDrift, 'method' | 'statistic' | 'pValue' | 'threshold' | 'drifted'>, reason: string): ColumnDrift {
  return { ...base, method: null, statistic: null, pValue: null, threshold: null, drifted: false, reason };
}

export interface ColumnDriftOptions {
  method?: DriftMethodOption;
  /** Data rows in the reference (missing values included); picks the automatic method. */
  referenceRows: number;
}

export function columnDrift(column: string, reference: DriftSample, current: DriftSample, opts: ColumnDriftOptions): ColumnDrift {
  const p = prepare(reference, current);
  const base = { column, type: p.type, nReference: p.ref.length, nCurrent: p.cur.length };
  if (p.ref.length === 0 || p.cur.length === 0) {
    const side = p.ref.length === 0 && p.cur.length === 0 ? 'either sample' : p.ref.length === 0 ? 'the reference' : 'the current sample';
    return untested(base, `no non-missing values in ${side}`);
  }
  const distinct = p.counts.categories.length;
  const requested = opts.method ?? 'auto';
  const method = requested === 'auto' ? autoMethod(p.type, distinct, opts.referenceRows) : requested;
  if ((method === 'ks' || method === 'wasserstein') && p.type !== 'numeric') {
    return untested(base, `${method} applies to numeric columns only`);
  }
  if (method === 'ztest' && distinct > 2) {
    return untested(base, `ztest needs at most 2 distinct values; the column has ${distinct}`);
  }
  const threshold = DRIFT_THRESHOLDS[method];
  let statistic: number;
  let pValue: number | null = null;
  switch (method) {
    case 'ks': {
      const r = ks2sampSorted(p.ref as Float64Array, p.cur as Float64Array);
      statistic = r.statistic;
      pValue = r.pValue;
      break;
    }
    case 'chi2': {
      const r = chi2Contingency(p.counts.reference, p.counts.current);
      statistic = r.statistic;
      pValue = r.pValue;
      break;
    }
    case 'ztest': {
      // Share of the first distinct value (sorted by number or code point).
      const r = twoProportionZTest(p.counts.reference[0], p.ref.length, p.counts.current[0], p.cur.length);
      statistic = r.statistic;
      pValue = r.pValue;
      break;
    }
    case 'wasserstein':
      statistic = normalizedWasserstein({ values: p.ref as Float64Array }, { values: p.cur as Float64Array });
      break;
    case 'jensenshannon':
      statistic = jensenShannonDistance(p.counts.reference, p.counts.current);
      break;
    case 'psi':
      statistic =
        p.type === 'numeric' ? psiNumeric(p.ref, p.cur) : psiFromCounts(p.counts.reference, p.counts.current);
      break;
  }
  let drifted: boolean;
  if (pValue !== null) drifted = method === 'ztest' ? pValue < threshold : pValue <= threshold;
  else drifted = statistic >= threshold;
  return { ...base, method, statistic, pValue, threshold, drifted };
}

export function summarizeDrift(columns: ColumnDrift[]): DatasetDrift {
  const tested = columns.filter((c) => c.method !== null).length;
  const driftedColumns = columns.filter((c) => c.drifted).length;
  const driftShare = tested === 0 ? 0 : driftedColumns / tested;
  return { columns, driftedColumns, driftShare, datasetDrift: tested > 0 && driftShare >= DATASET_DRIFT_SHARE };
}
