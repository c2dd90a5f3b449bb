// Why a column cannot be the target of a multiclass or regression run, judged from the dataset
// profile before a run is queued (the worker's readClassTarget / readRegressionTarget are the final
// word; this only refuses up front what the profile already shows). Pure.
import { MAX_CLASSES } from '../training/task-targets';
import type { ColumnSummary } from './column-roles';

/**
 * `rows`: the dataset version's row count (a missing target cell fails training).
 * Multiclass classes are the cells read as text, so a numeric column's distinct count is a lower
 * bound of its classes: it refuses over MAX_CLASSES but never under 2 (`1` and `1.0` are two classes).
 */
export function taskTargetProblem(task: 'multiclass' | 'regression', s: ColumnSummary, rows: number): string | null {
  if (s.count === 0) return `'${s.name}' has no values`;
  if (s.count < rows) return `'${s.name}' is missing on ${rows - s.count} of ${rows} rows; every row needs a ${task === 'regression' ? 'number' : 'class'}`;
  if (task === 'regression') {
    return s.type === 'numeric' ? null : `'${s.name}' is categorical; a regression target must be a number on every row`;
  }
  if (s.distinct !== null && s.distinct > MAX_CLASSES) return `'${s.name}' has ${s.distinct} distinct values, more than ${MAX_CLASSES} classes; is it an id column?`;
  if (s.type === 'categorical' && s.distinct !== null && s.distinct < 2) return `'${s.name}' holds one class only; multiclass training needs at least 2 classes`;
  return null;
}
