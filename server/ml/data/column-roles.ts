// Which columns can be model inputs or binary labels, decided from a column's summary (a stored
// profile, or the table itself when a spec is derived in training). Shared by the derived
// feature spec, the run form's column picker and the target / golden-label checks, so the form
// offers exactly what training will accept.
import type { ColumnProfile } from './profile';
import type { Column } from './table';

export interface ColumnSummary {
  name: string;
  type: 'numeric' | 'categorical';
  /** Non-missing values. */
  count: number;
  /** Distinct non-missing values; null when unknown (an old profile). */
  distinct: number | null;
  min: number | null;
  max: number | null;
}

export type ColumnFlagKind = 'empty' | 'id_like' | 'high_cardinality';
export interface ColumnFlag {
  kind: ColumnFlagKind;
  reason: string;
}

/** Fewer values than this never count as an identifier: a tiny table is just small. */
const MIN_ROWS_FOR_ID = 20;
/** A categorical column with more distinct values than this share of its values is not a category. */
export const HIGH_CARDINALITY_SHARE = 0.5;
const ID_NAME = /(^|[_\-\s.])(id|uuid|guid)$|^(id|uuid|guid)$/i;

/** One column's profile from a dataset version's stored `profile` (null while it is pending). */
export function profileOf(profile: unknown, column: string): ColumnProfile | null {
  return Array.isArray(profile) ? ((profile as ColumnProfile[]).find((p) => p.name === column) ?? null) : null;
}

export function summaryFromProfile(p: ColumnProfile): ColumnSummary {
  return p.type === 'numeric'
    ? { name: p.name, type: 'numeric', count: p.count, distinct: p.distinct ?? null, min: p.min, max: p.max }
    : { name: p.name, type: 'categorical', count: p.count, distinct: p.distinct, min: null, max: null };
}

export function summaryFromColumn(col: Column): ColumnSummary {
  if (col.type === 'numeric') {
    const seen = new Set<number>();
    let min = Infinity;
    let max = -Infinity;
    for (const v of col.values) {
      if (Number.isNaN(v)) continue;
      seen.add(v);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { name: col.name, type: 'numeric', count: countNonMissing(col.values), distinct: seen.size, min: seen.size ? min : null, max: seen.size ? max : null };
  }
  const seen = new Set<string>();
  let count = 0;
  for (const v of col.values) {
    if (v === null) continue;
    count++;
    seen.add(v);
  }
  return { name: col.name, type: 'categorical', count, distinct: seen.size, min: null, max: null };
}

function countNonMissing(values: Float64Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  return n;
}

/**
 * Why a column should not be a model input by default, or null. Identifiers (every value
 * distinct: a categorical column, an `…_id` name, or consecutive integers) and categorical
 * columns with more distinct values than half their values teach a model row identities, not
 * patterns: it memorises the training rows and scores new ones on nothing.
 */
export function columnFlag(s: ColumnSummary): ColumnFlag | null {
  if (s.count === 0) return { kind: 'empty', reason: 'no values' };
  if (s.distinct === null || s.count < MIN_ROWS_FOR_ID) return null;
  if (s.distinct === s.count) {
    const consecutive = s.type === 'numeric' && s.min !== null && s.max !== null && Number.isInteger(s.min) && s.max - s.min + 1 === s.count;
    if (s.type === 'categorical' || ID_NAME.test(s.name) || consecutive) {
      return { kind: 'id_like', reason: `an identifier: all ${s.count} values are distinct` };
    }
  }
  if (s.type === 'categorical' && s.distinct > HIGH_CARDINALITY_SHARE * s.count) {
    return { kind: 'high_cardinality', reason: `high cardinality: ${s.distinct} distinct values in ${s.count}` };
  }
  return null;
}

/** Why a column cannot be a 0/1 label, or null when it can (numeric, values only 0 and 1). */
export function binaryLabelProblem(s: ColumnSummary): string | null {
  if (s.type !== 'numeric') return `'${s.name}' is categorical; a label must hold the numbers 0 and 1`;
  if (s.count === 0) return `'${s.name}' has no values`;
  if (s.min === null || s.max === null || s.min < 0 || s.max > 1 || (s.distinct !== null && s.distinct > 2)) {
    const range = s.min === null ? '' : ` (values from ${s.min} to ${s.max}${s.distinct !== null ? `, ${s.distinct} distinct` : ''})`;
    return `'${s.name}' is not binary${range}; a label must hold only 0 and 1`;
  }
  if (s.distinct !== null && s.distinct < 2) return `'${s.name}' holds only ${s.min}; a label needs both 0 and 1`;
  return null;
}
