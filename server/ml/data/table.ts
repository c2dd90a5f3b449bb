// Typed columns built from parsed CSV cells, per the shared CSV contract: a column is numeric
// when every non-missing cell is a finite decimal number, else categorical (exact strings).

export type ColumnType = 'numeric' | 'categorical';

export interface NumericColumn {
  name: string;
  type: 'numeric';
  /** NaN marks a missing value. */
  values: Float64Array;
}

export interface CategoricalColumn {
  name: string;
  type: 'categorical';
  /** null marks a missing value. */
  values: (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  header: string[];
  columns: Column[];
  rowCount: number;
  /** The raw cells (null = missing), kept so unknown columns pass through unchanged. */
  rows: (string | null)[][];
  /** 1-based CSV line of each data row, when the table came from a file (for error messages). */
  rowLines?: number[];
}

// Plain (`3`, `-1.5`, `.5`, `5.`) or exponent (`1e-3`, `+2.5E10`) decimal. No hex, no
// underscores, no surrounding whitespace, no Infinity/NaN words. A hand-written scanner rather
// than a regular expression: it reads each character at most once, so a cell of any length costs
// linear time (a backtracking pattern such as /^\d+\.?\d*$/ is quadratic on a long digit run that
// fails at its end, and cells come from users).
const ZERO = 48;
const NINE = 57;

function digitsFrom(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    i++;
  }
  return i;
}

/** Whether `s` has the decimal grammar above (syntax only; one pass). */
export function isDecimalSyntax(s: string): boolean {
  let i = 0;
  if (s[0] === '+' || s[0] === '-') i = 1;
  const intEnd = digitsFrom(s, i);
  let mantissaDigits = intEnd - i;
  i = intEnd;
  if (s[i] === '.') {
    const fracEnd = digitsFrom(s, i + 1);
    mantissaDigits += fracEnd - i - 1;
    i = fracEnd;
  }
  if (mantissaDigits === 0) return false;
  if (s[i] === 'e' || s[i] === 'E') {
    i++;
    if (s[i] === '+' || s[i] === '-') i++;
    const expEnd = digitsFrom(s, i);
    if (expEnd === i) return false;
    i = expEnd;
  }
  return i === s.length;
}

export function isNumericToken(s: string): boolean {
  // Number.isFinite rejects overflow such as 1e999, which is not a finite value.
  return isDecimalSyntax(s) && Number.isFinite(Number(s));
}

/**
 * Orders strings by Unicode code point. JavaScript's `<` compares UTF-16 code units, which
 * puts astral characters (surrogate pairs, e.g. '😀') before U+E000–U+FFFF; localeCompare
 * depends on the locale. Fix-up: shift so that surrogates sort above U+E000–U+FFFF.
 */
export function compareCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Builds typed columns from a header and raw rows. A column whose cells are all missing is
 * numeric (every non-missing value parses, vacuously) with all values NaN.
 */
export function buildTable(header: string[], rows: (string | null)[][], rowLines?: number[]): Table {
  const columns: Column[] = header.map((name, j) => {
    let numeric = true;
    for (let r = 0; r < rows.length; r++) {
      const cell = rows[r][j];
      if (cell !== null && !isNumericToken(cell)) {
        numeric = false;
        break;
      }
    }
    if (numeric) {
      const values = new Float64Array(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const cell = rows[r][j];
        values[r] = cell === null ? NaN : Number(cell);
      }
      return { name, type: 'numeric', values };
    }
    return { name, type: 'categorical', values: rows.map((row) => row[j]) };
  });
  return { header, columns, rowCount: rows.length, rows, ...(rowLines ? { rowLines } : {}) };
}

export function getColumn(table: Table, name: string): Column {
  const col = table.columns.find((c) => c.name === name);
  if (!col) {
    throw new Error(`column '${name}' not found (columns: ${table.header.join(', ')})`);
  }
  return col;
}

/** The 1-based CSV line of data row `index` (0-based), falling back to index + 2 (header on line 1). */
export function rowLine(table: Table, index: number): number {
  return table.rowLines ? table.rowLines[index] : index + 2;
}

/** Row r as a JSON object of field → value, missing cells as null (the shape a predict request sends). */
export function rowObject(table: Table, r: number): Record<string, number | string | null> {
  const o: Record<string, number | string | null> = {};
  for (const c of table.columns) {
    const v = c.values[r];
    o[c.name] = c.type === 'numeric' ? (Number.isNaN(v as number) ? null : (v as number)) : (v as string | null);
  }
  return o;
}
