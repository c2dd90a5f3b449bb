// Bounds the number of groups a grouped report (fairness by attribute, monitoring slices) works
// on: the largest groups are kept and the rest pooled as "(other)". A grouping column chosen by
// a reader can be anything logged with a prediction, e.g. a customer id with one group per row;
// without a bound, per-group work (bootstrap, per-feature drift) grows with the number of
// distinct values and one request burns seconds of CPU.
import { compareCodePoint } from './table';

/** Groups shown by name; the rest are pooled. */
export const MAX_GROUPS = 20;
export const OTHER_GROUP = '(other)';

export interface CappedGroups {
  /** The group of each row: its own name when among the kept groups, else OTHER_GROUP; null stays null. */
  groups: (string | null)[];
  /** Distinct non-null values before capping. */
  distinct: number;
  /** Groups pooled into OTHER_GROUP (0 when nothing was pooled). */
  pooledGroups: number;
  pooledRows: number;
}

/**
 * Keeps the `max` most frequent values (ties in code-point order) and maps the others to
 * OTHER_GROUP. Linear in rows plus a sort of the distinct values.
 */
export function capGroups(values: ArrayLike<string | null>, max = MAX_GROUPS): CappedGroups {
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const groups = Array.from(values as ArrayLike<string | null>);
  if (counts.size <= max) return { groups, distinct: counts.size, pooledGroups: 0, pooledRows: 0 };
  const kept = new Set(
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || compareCodePoint(a[0], b[0]))
      .slice(0, max)
      .map(([k]) => k),
  );
  let pooledRows = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g !== null && !kept.has(g)) {
      groups[i] = OTHER_GROUP;
      pooledRows++;
    }
  }
  return { groups, distinct: counts.size, pooledGroups: counts.size - max, pooledRows };
}

/**
 * Whether a column with `distinct` values over `rows` rows looks like an identifier rather than
 * a group: more values than can be shown, and most rows with a value of their own.
 */
export function looksLikeId(distinct: number, rows: number, max = MAX_GROUPS): boolean {
  return distinct > max && distinct * 2 > rows;
}

export function idLikeMessage(field: string, distinct: number, rows: number, max = MAX_GROUPS): string {
  return `'${field}' has ${distinct} distinct values in ${rows} rows: it looks like an identifier, not a group; choose a column with few values (at most ${max} groups are shown by name, the rest pooled as "${OTHER_GROUP}")`;
}
