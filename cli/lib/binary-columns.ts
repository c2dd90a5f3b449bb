// Pulls a binary label and a probability score out of a CSV for the evaluation commands,
// checking every row so a bad cell is reported by data row, file line and column.
import { CliError } from '../command';
import type { CsvFile } from './read-csv';
import { isNumericToken } from '../../server/ml/data/table';

/** Index of a header column, or a CliError naming the column, the file and its columns. */
export function columnIndex(file: CsvFile, path: string, name: string): number {
  const j = file.header.indexOf(name);
  if (j < 0) throw new CliError(`${path}: column '${name}' not found (columns: ${file.header.join(', ')})`);
  return j;
}

/** `row 3 (line 4), column 'y'`: 1-based data row and the CSV line it starts on. */
export function cellRef(file: CsvFile, row: number, column: string): string {
  return `row ${row + 1} (line ${file.rowLines[row]}), column '${column}'`;
}

/**
 * Labels must be 0 or 1 (any numeric spelling of them, e.g. `1.0`); scores must be numbers in
 * [0, 1]. Missing cells are errors: a metric over silently dropped rows would mislead.
 */
export function readBinaryTarget(
  file: CsvFile,
  path: string,
  label: string,
  score: string,
): { y: Uint8Array; score: Float64Array } {
  const jl = columnIndex(file, path, label);
  const js = columnIndex(file, path, score);
  const n = file.rows.length;
  const y = new Uint8Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = file.rows[i];
    const l = row[jl];
    if (l === null) throw new CliError(`${path}: ${cellRef(file, i, label)}: label is missing`);
    const lv = isNumericToken(l) ? Number(l) : NaN;
    if (lv !== 0 && lv !== 1) throw new CliError(`${path}: ${cellRef(file, i, label)}: label '${l}' is not 0 or 1`);
    y[i] = lv;
    const p = row[js];
    if (p === null) throw new CliError(`${path}: ${cellRef(file, i, score)}: score is missing`);
    if (!isNumericToken(p)) throw new CliError(`${path}: ${cellRef(file, i, score)}: score '${p}' is not a number`);
    const pv = Number(p);
    if (pv < 0 || pv > 1) throw new CliError(`${path}: ${cellRef(file, i, score)}: score '${p}' is outside [0, 1]`);
    s[i] = pv;
  }
  return { y, score: s };
}

/** Parses --threshold (default 0.5): any finite number; scores ≥ threshold are predicted positive. */
export function parseThreshold(value: string | boolean | undefined): number {
  if (value === undefined) return 0.5;
  const t = typeof value === 'string' && isNumericToken(value) ? Number(value) : NaN;
  if (!Number.isFinite(t)) throw new CliError(`--threshold must be a number, got '${String(value)}'`);
  return t;
}

export function requireOption(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`missing required option --${name}`);
  return v;
}

/** Fixed-point for tables; null (undefined metric) shows as n/a. */
export function fmt(v: number | null, digits = 4): string {
  return v === null ? 'n/a' : v.toFixed(digits);
}

/** Left-aligned first column, right-aligned others. */
export function formatTable(head: string[], body: string[][]): string {
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((r) => [...r[j]].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => {
        const pad = ' '.repeat(widths[j] - [...c].length);
        return j === 0 ? c + pad : pad + c;
      })
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}
