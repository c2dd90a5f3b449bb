// The golden set's label column read for a model's task. Rows without a usable label are
// skipped (counted in the evaluation's `skipped`); a label that cannot mean anything for the task
// is refused, naming the row, so a wrong column or a stale golden set is found at once:
//   binary      a numeric column; rows whose label is not 0 or 1 are skipped (as always)
//   multiclass  class names (a numeric column's values are read as their decimal text, so a
//               class "2" matches 2); a missing cell is skipped; a label that is not one of the
//               version's classes is refused (labelIndices)
//   regression  a numeric column; a missing cell is skipped; a cell that is not a number is
//               refused
import { isNumericToken, rowLine, type Table } from '../data/table';
import type { Task } from '../onnx/signature';

export class GoldenSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoldenSetError';
  }
}

export type GoldenLabels = { task: 'binary' | 'regression'; values: (number | null)[] } | { task: 'multiclass'; values: (string | null)[] };

const where = (table: Table, i: number) => `row ${i + 1} (CSV line ${rowLine(table, i)})`;
const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** The label of every golden-set row (null: skipped), or a GoldenSetError naming the row. */
export function goldenLabels(table: Table, column: string, task: Task): GoldenLabels {
  const col = table.columns.find((c) => c.name === column);
  if (!col) throw new GoldenSetError(`the golden set has no label column '${column}'`);
  if (task === 'multiclass') {
    const values = Array.from({ length: table.rowCount }, (_, i) => {
      const v = col.values[i];
      if (v === null || (typeof v === 'number' && Number.isNaN(v))) return null;
      return String(v);
    });
    return { task, values };
  }
  if (col.type !== 'numeric') {
    // The first cell that made the column text (not merely the first cell).
    const i = col.values.findIndex((v) => v !== null && !isNumericToken(v));
    if (task === 'regression') throw new GoldenSetError(`golden set label column '${column}' holds ${quote(col.values[i] ?? '')} at ${where(table, i)}: a regression label must be a number`);
    throw new GoldenSetError(`golden set column '${column}' is not numeric (${quote(col.values[i] ?? '')} at ${where(table, i)}); a binary label must be 0 or 1`);
  }
  const values = Array.from(col.values, (v) => {
    if (Number.isNaN(v)) return null;
    if (task === 'binary') return v === 0 || v === 1 ? v : null;
    return v;
  });
  return { task, values };
}

/**
 * Multiclass labels as indices into a version's `classes` (null stays null), or a
 * GoldenSetError naming the first row whose label is not one of them.
 */
export function labelIndices(table: Table, column: string, labels: (string | null)[], classes: string[], version: string): (number | null)[] {
  const index = new Map(classes.map((c, i) => [c, i]));
  return labels.map((l, i) => {
    if (l === null) return null;
    const k = index.get(l);
    if (k === undefined) {
      const shown = classes.length > 12 ? `${classes.slice(0, 12).join(', ')}, … (${classes.length})` : classes.join(', ');
      throw new GoldenSetError(`golden set ${where(table, i)}: label ${quote(l)} in column '${column}' is not a class of ${version} (classes: ${shown})`);
    }
    return k;
  });
}
