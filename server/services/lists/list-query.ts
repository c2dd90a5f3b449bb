// The contract every paginated list endpoint follows (ARCHITECTURE.md "Lists"): offset
// pagination with a capped page size, a whitelisted sort key and direction, and the total count,
// so a table can page through any number of rows without ever loading them all.
import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { MAX_OFFSET, MAX_PAGE_SIZE } from './page-limits';

export { MAX_OFFSET, MAX_PAGE_SIZE };

/**
 * Zod fields for paging and sorting. `sort` is an enum of the keys the caller whitelists, so an
 * unknown key is a 400 naming `sort` (and never reaches SQL).
 */
export function pageParams<const K extends readonly [string, ...string[]]>(sortKeys: K, defaults: { sort: K[number]; dir: 'asc' | 'desc' }) {
  return {
    offset: z.number().int().min(0).max(MAX_OFFSET).default(0),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
    sort: z.enum(sortKeys).default(defaults.sort as never),
    dir: z.enum(['asc', 'desc']).default(defaults.dir),
  };
}

/** ORDER BY for a whitelisted key, NULLs last either way, with a tiebreaker for a stable order. */
export function orderFor(expr: SQL | AnyColumn, dir: 'asc' | 'desc', tiebreak: AnyColumn): SQL[] {
  return dir === 'asc' ? [sql`${expr} asc nulls last`, asc(tiebreak)] : [sql`${expr} desc nulls last`, desc(tiebreak)];
}

export interface Page<T> {
  rows: T[];
  total: number;
  offset: number;
  limit: number;
}

/** A filter's free text: trimmed, bounded, no NUL (Postgres refuses it). */
export const filterText = z
  .string()
  .trim()
  .max(200)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL (\\u0000) characters');

/** LIKE pattern for "contains `s`": the metacharacters of `s` match themselves. */
export function containsPattern(s: string): string {
  return `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
