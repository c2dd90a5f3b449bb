'use client';
// The one table component for every list: TanStack Table renders it, the server pages and sorts
// it (manual pagination and sorting, with the total count), and the URL holds the state
// (useUrlTableState). A column's id is its server sort key; `enableSorting: false` marks the rest.
import { rowPaginationFeature, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type PaginationState, type RowData, type SortingState, type Updater } from '@tanstack/react-table';
import { useMemo } from 'react';
import { formatNumber } from '@/components/format/format';
import { PAGE_SIZES, type TableUrlState } from './url-state';

export const tableFeatureSet = tableFeatures({ rowSortingFeature, rowPaginationFeature });
export type DataColumn<T extends RowData> = ColumnDef<typeof tableFeatureSet, T>;

const apply = <S,>(u: Updater<S>, prev: S): S => (typeof u === 'function' ? (u as (p: S) => S)(prev) : u);

export interface DataTableProps<T extends RowData, K extends string> {
  caption: string;
  columns: DataColumn<T>[];
  rows: T[] | undefined;
  total: number | undefined;
  /** The server stopped counting at `total`: there are more (shown as "10,000+"). */
  totalCapped?: boolean;
  state: TableUrlState<K>;
  onChange: (patch: Partial<TableUrlState<K>>) => void;
  loading: boolean;
  error?: string | null;
  /** What to show when nothing matches: say what to do next. */
  empty: React.ReactNode;
  rowTestId?: string | ((row: T) => string);
  getRowId: (row: T) => string;
}


export function DataTable<T extends RowData, K extends string>(p: DataTableProps<T, K>) {
  const sorting: SortingState = [{ id: p.state.sort, desc: p.state.dir === 'desc' }];
  const pagination: PaginationState = { pageIndex: p.state.pageIndex, pageSize: p.state.pageSize };
  const rowsOrEmpty = useMemo(() => p.rows ?? [], [p.rows]);
  const table = useTable<typeof tableFeatureSet, T>({
    features: tableFeatureSet,
    columns: p.columns,
    data: rowsOrEmpty,
    getRowId: (row) => p.getRowId(row),
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    sortDescFirst: true,
    rowCount: p.total ?? 0,
    state: { sorting, pagination },
    onSortingChange: (u) => {
      const next = apply(u, sorting)[0];
      // A third click would clear the sort; the server always sorts, so flip direction instead.
      if (!next) p.onChange({ dir: p.state.dir === 'desc' ? 'asc' : 'desc' });
      else p.onChange({ sort: next.id as K, dir: next.desc ? 'desc' : 'asc' });
    },
    onPaginationChange: (u) => {
      const next = apply(u, pagination);
      if (next.pageSize !== pagination.pageSize) p.onChange({ pageSize: next.pageSize });
      else p.onChange({ pageIndex: next.pageIndex });
    },
  });
  const total = p.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / p.state.pageSize));
  const first = total === 0 ? 0 : p.state.pageIndex * p.state.pageSize + 1;
  const last = Math.min(total, (p.state.pageIndex + 1) * p.state.pageSize);
  const rows = table.getRowModel().rows;
  const width = table.getAllLeafColumns().length;

  return (
    <div className="flex flex-col gap-2">
      {p.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {p.error}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" aria-busy={p.loading}>
          <caption className="sr-only">{p.caption}</caption>
          <thead className="bg-slate-100 text-slate-600">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  // Columns here are display columns (no accessor: the server sorts), so
                  // sortability is the column's enableSorting, and a click writes the URL.
                  const canSort = h.column.columnDef.enableSorting !== false;
                  const sorted = p.state.sort === h.column.id ? p.state.dir : false;
                  const descFirst = h.column.columnDef.sortDescFirst ?? true;
                  const toggle = () => p.onChange(sorted ? { dir: sorted === 'desc' ? 'asc' : 'desc' } : { sort: h.column.id as K, dir: descFirst ? 'desc' : 'asc' });
                  const label = <table.FlexRender header={h} />;
                  return (
                    <th key={h.id} scope="col" className="px-3 py-2 whitespace-nowrap" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                      {canSort ? (
                        <button type="button" onClick={toggle} className="inline-flex items-center gap-1 hover:text-slate-900" data-testid={`sort-${h.column.id}`}>
                          {label}
                          <span aria-hidden className="text-xs">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}</span>
                        </button>
                      ) : (
                        label
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className={p.loading && p.rows ? 'opacity-60' : undefined}>
            {rows.map((row) => (
              <tr key={row.id} className="border-t border-slate-100" data-testid={typeof p.rowTestId === 'function' ? p.rowTestId(row.original) : p.rowTestId}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-top">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
            {!p.rows && p.loading && (
              <tr>
                <td colSpan={width} className="px-3 py-6 text-center text-slate-500">
                  Loading…
                </td>
              </tr>
            )}
            {p.rows && p.rows.length === 0 && (
              <tr>
                <td colSpan={width} className="px-3 py-6 text-center text-slate-500" data-testid="table-empty">
                  {p.empty}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label={`${p.caption} pages`} className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
        <span data-testid="table-range">
          {formatNumber(first)}–{formatNumber(last)} of {formatNumber(total)}
          {p.totalCapped ? '+' : ''}
        </span>
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40" onClick={() => table.previousPage()} disabled={p.state.pageIndex === 0}>
          Previous
        </button>
        <span data-testid="table-page">
          Page {p.state.pageIndex + 1} of {pages}
          {p.totalCapped ? '+' : ''}
        </span>
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40" onClick={() => table.nextPage()} disabled={p.state.pageIndex + 1 >= pages}>
          Next
        </button>
        <label className="ml-auto flex items-center gap-1">
          Rows per page
          <select className="rounded border border-slate-300 px-1 py-0.5" value={p.state.pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </div>
  );
}
