// Writing CSV cells for files users download and open in spreadsheets. A text cell starting with
// =, +, -, @, tab or carriage return is run as a formula by Excel / LibreOffice / Sheets (e.g.
// =HYPERLINK(…) or DDE payloads), so it is prefixed with a single quote (OWASP's "CSV injection"
// advice); a cell that is a plain number (-1.5, +2e3) stays as it is.
import { isNumericToken } from './table';

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (s.length > 0 && FORMULA_START.has(s[0]) && !isNumericToken(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
