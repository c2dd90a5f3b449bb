// A table's server-side state (page, page size, sort, filters) kept in the URL, so a reload, a
// shared link or the back button shows the same page. Pure parsing here (unit-tested); the hook
// in use-url-table-state.ts reads and writes it through next/navigation.

export const PAGE_SIZES = [25, 50, 100, 200] as const;

export interface TableUrlState<K extends string> {
  /** 0-based page index (the URL holds the 1-based page number). */
  pageIndex: number;
  pageSize: number;
  sort: K;
  dir: 'asc' | 'desc';
  filters: Record<string, string>;
}

export interface TableUrlConfig<K extends string> {
  sortKeys: readonly K[];
  defaultSort: K;
  defaultDir: 'asc' | 'desc';
  defaultPageSize?: number;
  /** The filter parameters this table reads from the URL (free text or a choice). */
  filterKeys: readonly string[];
  /**
   * Prefix of the page/size/sort/dir parameters, for a table sharing its page with another
   * (Settings: `upage` for users, `tpage` for tokens); none for a screen's one table.
   */
  prefix?: string;
}

const key = (cfg: { prefix?: string }, name: string) => `${cfg.prefix ?? ''}${name}`;

/** Reads the state from search params; a hand-edited value that makes no sense falls back to the default. */
export function parseTableUrl<K extends string>(params: URLSearchParams, cfg: TableUrlConfig<K>): TableUrlState<K> {
  const page = Number(params.get(key(cfg, 'page')));
  const size = Number(params.get(key(cfg, 'size')));
  const sort = params.get(key(cfg, 'sort'));
  const dir = params.get(key(cfg, 'dir'));
  const filters: Record<string, string> = {};
  for (const k of cfg.filterKeys) {
    const v = params.get(k);
    if (v) filters[k] = v.slice(0, 200);
  }
  return {
    pageIndex: Number.isSafeInteger(page) && page >= 1 ? page - 1 : 0,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : (cfg.defaultPageSize ?? 50),
    sort: sort && (cfg.sortKeys as readonly string[]).includes(sort) ? (sort as K) : cfg.defaultSort,
    dir: dir === 'asc' || dir === 'desc' ? dir : cfg.defaultDir,
    filters,
  };
}

/** Writes the state back, leaving defaults (and other parameters of the page) alone. */
export function writeTableUrl<K extends string>(current: URLSearchParams, next: TableUrlState<K>, cfg: TableUrlConfig<K>): URLSearchParams {
  const p = new URLSearchParams(current);
  const set = (k: string, v: string | null) => (v === null ? p.delete(k) : p.set(k, v));
  set(key(cfg, 'page'), next.pageIndex > 0 ? String(next.pageIndex + 1) : null);
  set(key(cfg, 'size'), next.pageSize !== (cfg.defaultPageSize ?? 50) ? String(next.pageSize) : null);
  set(key(cfg, 'sort'), next.sort !== cfg.defaultSort ? next.sort : null);
  set(key(cfg, 'dir'), next.dir !== cfg.defaultDir || next.sort !== cfg.defaultSort ? next.dir : null);
  for (const k of cfg.filterKeys) set(k, next.filters[k] ? next.filters[k] : null);
  return p;
}
