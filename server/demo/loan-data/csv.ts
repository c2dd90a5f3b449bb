// CSV output of the demo loan data: RFC 4180 (CRLF record ends, quotes only where needed),
// header first, a missing value is an empty cell — the contract Vigil's CSV parser reads.
import { LOAN_COLUMNS, type LoanRow } from './columns';

function cell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const LOAN_CSV_HEADER = LOAN_COLUMNS.map((c) => cell(c.name)).join(',');

/** One record, without its line ending. */
export function loanRowToCsvRecord(row: LoanRow): string {
  return LOAN_COLUMNS.map((c) => cell(row[c.name])).join(',');
}

/** Header plus one record per row, every record ended by CRLF. */
export function loanRowsToCsv(rows: readonly LoanRow[]): string {
  const parts = [LOAN_CSV_HEADER];
  for (const r of rows) parts.push(loanRowToCsvRecord(r));
  return parts.join('\r\n') + '\r\n';
}
