// Row hashes for the golden-set leakage check: a row is identified by the SHA-256 of its values
// in the given columns (sorted by name, so column order in the file does not matter). A number
// is written in its shortest round-trip form, so 1, 1.0 and 1e0 hash alike; missing is null,
// distinct from the empty string only for categorical columns, where an empty cell is missing.
import crypto from 'node:crypto';
import type { Table } from './table';

export function rowHashes(table: Table, columns: string[]): string[] {
  const cols = [...columns].sort().map((name) => {
    const c = table.columns.find((x) => x.name === name);
    if (!c) throw new Error(`no column '${name}'`);
    return c;
  });
  const out: string[] = new Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    const values = cols.map((c) => {
      const v = c.values[i];
      if (c.type === 'numeric') return Number.isNaN(v as number) ? null : (v as number);
      return v;
    });
    out[i] = crypto.createHash('sha256').update(JSON.stringify(values)).digest('hex');
  }
  return out;
}

export type Overlap = { checked: true; columns: string[]; rows: number; firstRows: number[] } | { checked: false; missing: string[] };

/**
 * Rows of `training` equal to a row of `golden` over all of the golden set's columns (0-based
 * row indexes, the first ten). Not checked when the training data lacks one of those columns:
 * comparing fewer columns would call different rows equal.
 */
export function goldenOverlap(golden: Table, training: Table): Overlap {
  const names = new Set(training.columns.map((c) => c.name));
  const columns = golden.columns.map((c) => c.name);
  const missing = columns.filter((n) => !names.has(n));
  if (missing.length) return { checked: false, missing };
  const goldenSet = new Set(rowHashes(golden, columns));
  const hits: number[] = [];
  const trainingHashes = rowHashes(training, columns);
  for (let i = 0; i < trainingHashes.length; i++) if (goldenSet.has(trainingHashes[i])) hits.push(i);
  return { checked: true, columns, rows: hits.length, firstRows: hits.slice(0, 10) };
}
