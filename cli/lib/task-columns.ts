// Pulls multiclass and regression targets out of a CSV for `vigil stats metrics --task …`,
// checking every row so a bad cell is reported by data row, file line and column.
import { CliError } from '../command';
import type { CsvFile } from './read-csv';
import { cellRef, columnIndex } from './binary-columns';
import { isNumericToken } from '../../server/ml/data/table';

export const CLASS_COLUMN_PREFIX = 'p_';

/**
 * `--scores p_a,p_b,…`: one probability column per class, named `p_<class>`; classes keep the
 * listed order. Labels are class names compared as strings; one that is not a listed class is
 * an error naming its row.
 */
export function readMulticlassTarget(
  file: CsvFile,
  path: string,
  label: string,
  scores: string,
): { classes: string[]; y: Int32Array; probs: Float64Array } {
  const names = scores.split(',').map((s) => s.trim());
  if (names.length < 2) throw new CliError(`--scores must name at least 2 columns (one p_<class> per class), got '${scores}'`);
  const classes = names.map((s) => {
    if (!s.startsWith(CLASS_COLUMN_PREFIX) || s.length === CLASS_COLUMN_PREFIX.length) {
      throw new CliError(`--scores: column '${s}' is not named p_<class>`);
    }
    return s.slice(CLASS_COLUMN_PREFIX.length);
  });
  const dup = names.find((s, i) => names.indexOf(s) !== i);
  if (dup !== undefined) throw new CliError(`--scores lists '${dup}' twice`);
  const jl = columnIndex(file, path, label);
  const js = names.map((s) => columnIndex(file, path, s));
  const index = new Map(classes.map((c, i) => [c, i]));
  const n = file.rows.length;
  if (n === 0) throw new CliError(`${path}: no data rows`);
  const k = classes.length;
  const y = new Int32Array(n);
  const probs = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = file.rows[i];
    const l = row[jl];
    if (l === null) throw new CliError(`${path}: ${cellRef(file, i, label)}: label is missing`);
    const c = index.get(l);
    if (c === undefined) {
      throw new CliError(`${path}: ${cellRef(file, i, label)}: label '${l}' is not one of the classes (${classes.join(', ')})`);
    }
    y[i] = c;
    for (let j = 0; j < k; j++) {
      const p = row[js[j]];
      if (p === null) throw new CliError(`${path}: ${cellRef(file, i, names[j])}: score is missing`);
      if (!isNumericToken(p)) throw new CliError(`${path}: ${cellRef(file, i, names[j])}: score '${p}' is not a number`);
      const v = Number(p);
      if (!(v >= 0 && v <= 1)) throw new CliError(`${path}: ${cellRef(file, i, names[j])}: score '${p}' is outside [0, 1]`);
      probs[i * k + j] = v;
    }
  }
  return { classes, y, probs };
}

/** Label and prediction columns: every row a finite number. */
export function readRegressionTarget(file: CsvFile, path: string, label: string, prediction: string): { y: Float64Array; prediction: Float64Array } {
  const jl = columnIndex(file, path, label);
  const jp = columnIndex(file, path, prediction);
  const n = file.rows.length;
  if (n === 0) throw new CliError(`${path}: no data rows`);
  const y = new Float64Array(n);
  const yhat = new Float64Array(n);
  const read = (i: number, j: number, column: string, what: string): number => {
    const cell = file.rows[i][j];
    if (cell === null) throw new CliError(`${path}: ${cellRef(file, i, column)}: ${what} is missing`);
    const v = isNumericToken(cell) ? Number(cell) : NaN;
    if (!Number.isFinite(v)) throw new CliError(`${path}: ${cellRef(file, i, column)}: ${what} '${cell}' is not a finite number`);
    return v;
  };
  for (let i = 0; i < n; i++) {
    y[i] = read(i, jl, label, 'label');
    yhat[i] = read(i, jp, prediction, 'prediction');
  }
  return { y, prediction: yhat };
}
