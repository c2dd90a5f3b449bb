// Reads the binary target column: every cell must be 0 or 1 (as numbers, so `1.0` counts); a
// missing or other value is an error naming the row and its file line.
import { getColumn, rowLine, type Table } from '../data/table';
import type { Labels } from '../trainers/types';

export class TargetError extends Error {}

export function readLabels(table: Table, target: string): Labels {
  if (!table.header.includes(target)) {
    throw new TargetError(`target column '${target}' not found (columns: ${table.header.join(', ')})`);
  }
  const col = getColumn(table, target);
  const y = new Uint8Array(table.rowCount);
  const j = table.header.indexOf(target);
  for (let i = 0; i < table.rowCount; i++) {
    const cell = table.rows[i][j];
    const where = `row ${i + 1} (line ${rowLine(table, i)})`;
    if (cell === null || cell === undefined) throw new TargetError(`target '${target}' is missing at ${where}`);
    const v = col.type === 'numeric' ? col.values[i] : NaN;
    if (v !== 0 && v !== 1) {
      throw new TargetError(`target '${target}' must be binary 0/1, got ${JSON.stringify(cell)} at ${where}`);
    }
    y[i] = v;
  }
  let pos = 0;
  for (const v of y) pos += v;
  if (table.rowCount === 0) throw new TargetError('the data has no rows');
  if (pos === 0 || pos === y.length) {
    throw new TargetError(`target '${target}' has only class ${pos === 0 ? 0 : 1}; training needs both 0 and 1`);
  }
  return y;
}
