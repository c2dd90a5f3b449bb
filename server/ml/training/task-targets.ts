// Reads a multiclass or regression target column. Multiclass: class names are the cells read as
// strings (so `1` and `1.0` are different classes), sorted by code point; at most MAX_CLASSES.
// Regression: every cell a finite number. A missing or bad cell is an error naming the row and
// its file line.
import { compareCodePoint, isNumericToken, rowLine, type Table } from '../data/table';
import type { TaskTarget } from '../trainers/task-types';
import { TargetError } from './labels';

/** More classes than this is almost always an id column picked by mistake (and k trees a round). */
export const MAX_CLASSES = 100;

const FLOAT32_MAX = 3.4028234663852886e38;

function targetIndex(table: Table, target: string): number {
  const j = table.header.indexOf(target);
  if (j < 0) throw new TargetError(`target column '${target}' not found (columns: ${table.header.join(', ')})`);
  if (table.rowCount === 0) throw new TargetError('the data has no rows');
  return j;
}

const where = (table: Table, i: number) => `row ${i + 1} (line ${rowLine(table, i)})`;

export function readClassTarget(table: Table, target: string): Extract<TaskTarget, { task: 'multiclass' }> {
  const j = targetIndex(table, target);
  const seen = new Set<string>();
  for (let i = 0; i < table.rowCount; i++) {
    const cell = table.rows[i][j];
    if (cell === null || cell === undefined) throw new TargetError(`target '${target}' is missing at ${where(table, i)}`);
    if (!seen.has(cell)) {
      seen.add(cell);
      if (seen.size > MAX_CLASSES) {
        throw new TargetError(`target '${target}' has more than ${MAX_CLASSES} distinct classes (by ${where(table, i)}); is it an id column?`);
      }
    }
  }
  const classes = [...seen].sort(compareCodePoint);
  if (classes.length < 2) throw new TargetError(`target '${target}' has only class ${JSON.stringify(classes[0])}; multiclass training needs at least 2 classes`);
  const index = new Map(classes.map((c, k) => [c, k]));
  const y = new Int32Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) y[i] = index.get(table.rows[i][j] as string)!;
  return { task: 'multiclass', y, classes };
}

export function readRegressionTarget(table: Table, target: string): Extract<TaskTarget, { task: 'regression' }> {
  const j = targetIndex(table, target);
  const y = new Float64Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    const cell = table.rows[i][j];
    if (cell === null || cell === undefined) throw new TargetError(`target '${target}' is missing at ${where(table, i)}`);
    if (!isNumericToken(cell)) throw new TargetError(`target '${target}' must be a finite number, got ${JSON.stringify(cell)} at ${where(table, i)}`);
    const v = Number(cell);
    // The exported graph outputs float32: a target beyond its range could never be predicted.
    if (Math.abs(v) > FLOAT32_MAX) throw new TargetError(`target '${target}' is ${cell} at ${where(table, i)}, beyond the float32 range (±3.4e38) of the model's prediction`);
    y[i] = v;
  }
  return { task: 'regression', y };
}
