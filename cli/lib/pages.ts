// Paging for the online `list` commands: the console answers one bounded page at a time
// (server/services/lists/list-query.ts), so a command prints one page (--page, --limit) and
// says on stderr how to see the next, or with --all reads every page in 200-row requests.
import { MAX_OFFSET, MAX_PAGE_SIZE as MAX_LIMIT } from '../../server/services/lists/page-limits';
import { CliError } from '../command';
const DEFAULT_LIMIT = 50;

export const pageOptions = {
  page: { type: 'string' },
  limit: { type: 'string' },
  all: { type: 'boolean' },
} as const;

export const PAGE_HELP = `Paging (the console answers one page at a time):
  --limit N   rows per page, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})
  --page P    which page, from 1 (default 1); stderr says how many pages there are
  --all       every page, read ${MAX_LIMIT} rows per request (up to ${MAX_OFFSET.toLocaleString('en-US')} rows)
With --json: {"rows": [...], "total": T, "page": P, "pages": N, "limit": L}, or with --all
{"rows": [...], "total": T}.`;

function whole(flag: string, raw: unknown, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const s = String(raw).trim();
  const n = Number(s);
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n < min || n > max) throw new CliError(`${flag} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, got '${String(raw)}'`);
  return n;
}

export interface PageRequest {
  all: boolean;
  page: number;
  limit: number;
}

/** Reads --page, --limit and --all; a bad value is refused naming the flag. */
export function pageRequest(v: Record<string, string | boolean | undefined>): PageRequest {
  const all = v.all === true;
  if (all && v.page !== undefined) throw new CliError('give --page or --all, not both');
  const limit = whole('--limit', v.limit, 1, MAX_LIMIT) ?? (all ? MAX_LIMIT : DEFAULT_LIMIT);
  const page = whole('--page', v.page, 1, Math.floor(MAX_OFFSET / limit) + 1) ?? 1;
  return { all, page, limit };
}

export interface Listed<T> {
  rows: T[];
  total: number;
  /** Absent with --all. */
  page?: number;
  pages?: number;
  limit?: number;
}

/** One page, or with --all every page in order (stopping at a short page or the deepest offset). */
export async function readPages<T>(req: PageRequest, fetchPage: (offset: number, limit: number) => Promise<{ rows: T[]; total: number }>): Promise<Listed<T>> {
  if (!req.all) {
    const p = await fetchPage((req.page - 1) * req.limit, req.limit);
    return { rows: p.rows, total: p.total, page: req.page, pages: Math.max(1, Math.ceil(p.total / req.limit)), limit: req.limit };
  }
  const rows: T[] = [];
  let total = 0;
  for (let offset = 0; offset <= MAX_OFFSET; offset += req.limit) {
    const p = await fetchPage(offset, req.limit);
    rows.push(...p.rows);
    total = p.total;
    if (p.rows.length < req.limit || rows.length >= total) break;
  }
  return { rows, total };
}

/** The stderr line under a page: where this page is and how to read the next. */
export function pageFooter(l: Listed<unknown>, noun: string): string | null {
  if (l.page === undefined || l.pages === undefined) return l.rows.length < l.total ? `${l.rows.length} of ${l.total} ${noun} (stopped at the console's deepest offset; narrow the list)\n` : null;
  if (l.total <= l.rows.length && l.page === 1) return null;
  const next = l.page < l.pages ? `; --page ${l.page + 1} for the next, --all for every page` : '';
  return `page ${l.page} of ${l.pages} (${l.total} ${noun})${next}\n`;
}
