'use client';
// Every alias move of a model, newest first: who moved what where, and why. Paged on the server
// (?hpage=2; prefixed: the serving panel holds other tables); the first page refreshes every 5 s.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import { useTRPC } from '@/lib/trpc';
import type { AppRouter } from '@/server/api/root';
import { fmtShare } from './format';

type MoveRow = inferRouterOutputs<AppRouter>['aliases']['history']['rows'][number];

const CONFIG: TableUrlConfig<'at'> = { sortKeys: ['at'], defaultSort: 'at', defaultDir: 'desc', defaultPageSize: 25, filterKeys: [], prefix: 'h' };

const v = (n: number | null) => (n === null ? '—' : `v${n}`);

const COLUMNS: DataColumn<MoveRow>[] = [
  { id: 'at', header: 'When', cell: ({ row }) => <span className="whitespace-nowrap">{new Date(row.original.at).toLocaleString()}</span> },
  { id: 'alias', enableSorting: false, header: 'Alias', cell: ({ row }) => row.original.alias },
  {
    id: 'kind',
    enableSorting: false,
    header: 'Kind',
    cell: ({ row: { original: m } }) => (
      <>
        {m.kind}
        {m.breakGlass && <span className="ml-1 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">break-glass</span>}
      </>
    ),
  },
  {
    id: 'fromTo',
    enableSorting: false,
    header: 'From → to',
    cell: ({ row: { original: m } }) => (
      <span className="whitespace-nowrap">
        {v(m.fromVersion)} → {v(m.toVersion)}
      </span>
    ),
  },
  { id: 'share', enableSorting: false, header: 'Share', cell: ({ row: { original: m } }) => (m.alias === 'canary' && m.toVersion !== null ? fmtShare(m.share) : '—') },
  { id: 'actor', enableSorting: false, header: 'Who', cell: ({ row }) => row.original.actor },
  { id: 'reason', enableSorting: false, header: 'Why', cell: ({ row }) => row.original.reason },
];

export function AliasHistory({ model }: { model: string }) {
  const trpc = useTRPC();
  const { state, update } = useUrlTableState(CONFIG);
  const live = state.pageIndex === 0 && state.dir === 'desc';
  const q = useQuery(
    trpc.aliases.history.queryOptions(
      { model, offset: state.pageIndex * state.pageSize, limit: state.pageSize, dir: state.dir },
      { placeholderData: keepPreviousData, refetchInterval: live ? 5000 : false },
    ),
  );
  return (
    <DataTable
      caption={`Alias history of ${model}`}
      columns={COLUMNS}
      {...pageQueryProps(q)}
      state={state}
      onChange={update}
      getRowId={(m) => String(m.id)}
      rowTestId="alias-move-row"
      empty="No alias has moved yet."
    />
  );
}
