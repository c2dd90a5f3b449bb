// Raw input columns as the feature spec declares them, read from a Table's cells. The table's
// own type inference is not trusted here: a categorical input whose values all look numeric
// (zip codes) is still read as strings, and a numeric input must parse per the CSV contract.
import { isNumericToken, rowLine, type Table } from '../data/table';
import { allowedCategories, type FeatureSpec, type InputSpec } from './spec';

export type RawColumn = Float64Array | (string | null)[];

export interface RawInputs {
  n: number;
  /** Numeric inputs: Float64Array (NaN = missing); categorical: string, null = missing. */
  columns: Map<string, RawColumn>;
}

export interface InvalidCell {
  /** 0-based data row index. */
  row: number;
  /** 1-based file line when known. */
  line: number;
  column: string;
  reason: string;
}

export class InvalidRowError extends Error {
  constructor(readonly cell: InvalidCell) {
    super(`row ${cell.row + 1} (line ${cell.line}), column '${cell.column}': ${cell.reason}`);
  }
}

/** Why a single cell cannot be taken by `input`, or null when it can. */
export function checkCell(input: InputSpec, cell: string | null): string | null {
  if (cell === null) return input.nullable ? null : 'missing value, but the feature spec says this input is not nullable';
  if (input.type === 'numeric') {
    if (!isNumericToken(cell)) return `expected a number, got ${JSON.stringify(cell)}`;
    const v = Number(cell);
    if (input.range?.min !== undefined && v < input.range.min) return `${v} is below the allowed minimum ${input.range.min}`;
    if (input.range?.max !== undefined && v > input.range.max) return `${v} is above the allowed maximum ${input.range.max}`;
    return null;
  }
  if (input.categories && !allowedCategories(input)!.has(cell)) {
    return `${JSON.stringify(cell)} is not one of the allowed categories`;
  }
  return null;
}

export interface ExtractResult {
  inputs: RawInputs;
  /** Table row index of each extracted row (all rows unless skipInvalid dropped some). */
  rowIndex: number[];
  skipped: InvalidCell[];
}

/**
 * Reads the spec's inputs from the table. An invalid cell throws InvalidRowError naming the row
 * and column, or with skipInvalid the row is left out and listed in `skipped`.
 */
export function extractInputs(spec: Pick<FeatureSpec, 'inputs'>, table: Table, options: { skipInvalid?: boolean } = {}): ExtractResult {
  const idx = spec.inputs.map((inp) => {
    const j = table.header.indexOf(inp.name);
    if (j < 0) throw new Error(`column '${inp.name}' required by the feature spec is not in the data (columns: ${table.header.join(', ')})`);
    return j;
  });
  const keep: number[] = [];
  const skipped: InvalidCell[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const row = table.rows[r];
    let bad: InvalidCell | null = null;
    for (let k = 0; k < spec.inputs.length && !bad; k++) {
      const reason = checkCell(spec.inputs[k], row[idx[k]] ?? null);
      if (reason) bad = { row: r, line: rowLine(table, r), column: spec.inputs[k].name, reason };
    }
    if (!bad) keep.push(r);
    else if (options.skipInvalid) skipped.push(bad);
    else throw new InvalidRowError(bad);
  }
  const columns = new Map<string, RawColumn>();
  spec.inputs.forEach((inp, k) => {
    const j = idx[k];
    if (inp.type === 'numeric') {
      const v = new Float64Array(keep.length);
      keep.forEach((r, i) => {
        const cell = table.rows[r][j];
        v[i] = cell === null || cell === undefined ? NaN : Number(cell);
      });
      columns.set(inp.name, v);
    } else {
      columns.set(inp.name, keep.map((r) => table.rows[r][j] ?? null));
    }
  });
  return { inputs: { n: keep.length, columns }, rowIndex: keep, skipped };
}
