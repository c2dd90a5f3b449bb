// Per-column profiles of a dataset version: shown on the Datasets page and stored as the
// reference profile that drift monitoring compares later windows against.
import { binCounts, decileEdges } from './histogram';
import { quantileSorted, sortedFinite } from './quantile';
import { compareCodePoint, type ColumnType, type Table } from './table';

/** Levels of `quantiles`: 0, 0.1, …, 1. */
export const PROFILE_QUANTILE_LEVELS: readonly number[] = Array.from({ length: 11 }, (_, k) => k / 10);
/** Categorical profiles list this many top categories; the rest is summed into `other`. */
export const TOP_CATEGORIES = 50;

export interface SchemaField {
  name: string;
  type: ColumnType;
  /** True when the column has at least one missing value. */
  nullable: boolean;
}

interface ProfileBase extends SchemaField {
  /** Non-missing values. */
  count: number;
  missing: number;
  /** missing ÷ rows (0 for a table without rows). */
  missing_share: number;
}

export interface NumericProfile extends ProfileBase {
  type: 'numeric';
  /** null when the column has no non-missing value. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Population standard deviation (ddof 0). */
  std: number | null;
  /** Distinct non-missing values (absent in profiles made before it was added). */
  distinct?: number;
  /** Values at PROFILE_QUANTILE_LEVELS (numpy linear interpolation); empty when no values. */
  quantiles: number[];
  /** Bins (-inf, e1], (e1, e2], …, (ek, +inf) over the deduplicated interior deciles. */
  histogram: { bin_edges: number[]; counts: number[] };
}

export interface CategoricalProfile extends ProfileBase {
  type: 'categorical';
  distinct: number;
  /**
   * Top categories by count (desc), ties by code point. In a stored dataset profile a value
   * longer than PROFILE_VALUE_CHARS is cut there and `…` appended (`truncated` says so).
   */
  categories: { value: string; count: number; truncated?: true }[];
  /** Non-missing values outside the listed categories. */
  other: number;
}

export type ColumnProfile = NumericProfile | CategoricalProfile;

export function profileNumeric(name: string, values: Float64Array): NumericProfile {
  const sorted = sortedFinite(values);
  const count = sorted.length;
  const missing = values.length - count;
  const base = { name, type: 'numeric' as const, nullable: missing > 0, count, missing, missing_share: values.length ? missing / values.length : 0 };
  if (count === 0) {
    return { ...base, min: null, max: null, mean: null, std: null, distinct: 0, quantiles: [], histogram: { bin_edges: [], counts: [0] } };
  }
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i];
  const mean = sum / count;
  // Two passes: the centred sum of squares avoids the cancellation of E[x²] − E[x]².
  let ss = 0;
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    ss += (sorted[i] - mean) ** 2;
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  }
  const edges = decileEdges(sorted);
  return {
    ...base,
    min: sorted[0],
    max: sorted[count - 1],
    mean,
    std: Math.sqrt(ss / count),
    distinct,
    quantiles: PROFILE_QUANTILE_LEVELS.map((q) => quantileSorted(sorted, q)),
    histogram: { bin_edges: edges, counts: binCounts(sorted, edges) },
  };
}

export function profileCategorical(name: string, values: (string | null)[], top = TOP_CATEGORIES): CategoricalProfile {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of values) {
    if (v === null) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const all = [...counts].map(([value, count]) => ({ value, count }));
  all.sort((a, b) => b.count - a.count || compareCodePoint(a.value, b.value));
  const listed = all.slice(0, top);
  const count = values.length - missing;
  const other = count - listed.reduce((s, c) => s + c.count, 0);
  return {
    name,
    type: 'categorical',
    nullable: missing > 0,
    count,
    missing,
    missing_share: values.length ? missing / values.length : 0,
    distinct: counts.size,
    categories: listed,
    other,
  };
}

export function profileTable(table: Table): ColumnProfile[] {
  return table.columns.map((c) => (c.type === 'numeric' ? profileNumeric(c.name, c.values) : profileCategorical(c.name, c.values)));
}

/** Longest category value kept in a stored dataset profile (code points). */
export const PROFILE_VALUE_CHARS = 200;

/**
 * The profiles with every category value longer than `maxChars` cut (a 10 MB CSV field would
 * otherwise be stored, sent and drawn whole). For display and storage only: monitoring matches
 * values against its own reference profile, which keeps them whole.
 */
export function limitProfileValues(profiles: ColumnProfile[], maxChars = PROFILE_VALUE_CHARS): ColumnProfile[] {
  return profiles.map((p) => {
    if (p.type !== 'categorical' || p.categories.every((c) => c.value.length <= maxChars)) return p;
    return {
      ...p,
      categories: p.categories.map((c) => {
        if (c.value.length <= maxChars) return c;
        const cps = Array.from(c.value);
        return cps.length <= maxChars ? c : { value: cps.slice(0, maxChars).join('') + '…', count: c.count, truncated: true as const };
      }),
    };
  });
}

export function inferSchema(table: Table): SchemaField[] {
  return table.columns.map((c) => {
    let nullable = false;
    if (c.type === 'numeric') {
      for (let i = 0; i < c.values.length && !nullable; i++) nullable = Number.isNaN(c.values[i]);
    } else {
      nullable = c.values.includes(null);
    }
    return { name: c.name, type: c.type, nullable };
  });
}
