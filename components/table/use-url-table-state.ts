'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseTableUrl, writeTableUrl, type TableUrlConfig, type TableUrlState } from './url-state';

/**
 * The table state in the URL. Changing a filter or the sort returns to the first page; the URL is
 * replaced (not pushed) so paging does not flood the history.
 */
export function useUrlTableState<K extends string>(cfg: TableUrlConfig<K>) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => parseTableUrl(new URLSearchParams(params.toString()), cfg), [params, cfg]);
  const update = useCallback(
    (patch: Partial<TableUrlState<K>>) => {
      const next = { ...state, ...patch, filters: { ...state.filters, ...patch.filters } };
      if (patch.filters || patch.sort !== undefined || patch.dir !== undefined || patch.pageSize !== undefined) next.pageIndex = patch.pageIndex ?? 0;
      const qs = writeTableUrl(new URLSearchParams(params.toString()), next, cfg).toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [state, params, cfg, router, pathname],
  );
  return { state, update };
}
