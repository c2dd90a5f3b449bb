'use client';
// A model's logged predictions in the shared data table: newest first within a window (last
// day by default), filtered by version and route, paged on the server; the state is in the
// URL (?pversion=2&route=canary&page=3). The first page refreshes every 5 s; later pages hold
// still so rows do not slide while they are read.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useTRPC } from '@/lib/trpc';
import type { PredictionRow, PredictionSortKey } from '@/server/services/predictions/list-predictions';
import { fmtMs, inputsSummary } from './format';

const CONFIG: TableUrlConfig<PredictionSortKey> = { sortKeys: ['ts'], defaultSort: 'ts', defaultDir: 'desc', filterKeys: ['pversion', 'route', 'hours'] };
const ROUTES = ['production', 'canary', 'shadow', 'explicit'] as const;
const WINDOWS = [
  { hours: 1, label: 'last hour' },
  { hours: 24, label: 'last day' },
  { hours: 168, label: 'last 7 days' },
] as const;

const COLUMNS: DataColumn<PredictionRow>[] = [
  { id: 'ts', header: 'Time', cell: ({ row }) => <span className="whitespace-nowrap">{new Date(row.original.ts).toLocaleString()}</span> },
  { id: 'route', enableSorting: false, header: 'Route', cell: ({ row }) => row.original.route },
  { id: 'version', enableSorting: false, header: 'Version', cell: ({ row }) => <span data-testid="prediction-version">v{row.original.version}</span> },
  { id: 'score', enableSorting: false, header: 'Score', cell: ({ row }) => <span className="tabular-nums">{typeof row.original.outputs?.score === 'number' ? row.original.outputs.score.toFixed(4) : '—'}</span> },
  { id: 'label', enableSorting: false, header: 'Label', cell: ({ row }) => row.original.outputs?.label ?? '—' },
  { id: 'latency', enableSorting: false, header: 'Latency', cell: ({ row }) => <span className="tabular-nums">{fmtMs(row.original.latencyMs)}</span> },
  {
    id: 'inputs',
    enableSorting: false,
    header: 'Inputs',
    cell: ({ row }) => (
      <span className="block max-w-md truncate font-mono text-xs" title={JSON.stringify(row.original.inputs)}>
        {inputsSummary(row.original.inputs)}
      </span>
    ),
  },
  { id: 'feedback', enableSorting: false, header: 'Feedback', cell: ({ row }) => row.original.label ?? '—' },
];

export function RecentPredictions({ model }: { model: string }) {
  const trpc = useTRPC();
  const { state, update } = useUrlTableState(CONFIG);
  const version = Number(state.filters.pversion);
  const hours = WINDOWS.find((w) => String(w.hours) === state.filters.hours)?.hours ?? 24;
  const route = (ROUTES as readonly string[]).includes(state.filters.route ?? '') ? state.filters.route : undefined;
  const live = state.pageIndex === 0 && state.dir === 'desc';
  const list = useQuery(
    trpc.predictions.page.queryOptions(
      {
        model,
        offset: state.pageIndex * state.pageSize,
        limit: state.pageSize,
        sort: state.sort,
        dir: state.dir,
        version: Number.isSafeInteger(version) && version > 0 ? version : undefined,
        route,
        hours,
      },
      { placeholderData: keepPreviousData, refetchInterval: live ? 5000 : false },
    ),
  );
  const filtered = Object.keys(state.filters).length > 0;
  const select = 'rounded border border-slate-300 px-2 py-1 text-sm';

  return (
    <div className="flex flex-col gap-3">
      <form role="search" aria-label="Filter predictions" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <label className="flex flex-col text-xs text-slate-600">
          Prediction version
          <input type="number" min={1} step={1} className={`w-24 ${select}`} value={state.filters.pversion ?? ''} onChange={(e) => update({ filters: { pversion: e.target.value } })} />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Route
          <select className={select} value={route ?? ''} onChange={(e) => update({ filters: { route: e.target.value } })}>
            <option value="">any</option>
            {ROUTES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Window
          <select className={select} value={String(hours)} onChange={(e) => update({ filters: { hours: e.target.value === '24' ? '' : e.target.value } })}>
            {WINDOWS.map((w) => (
              <option key={w.hours} value={w.hours}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <DataTable
        caption={`Recent predictions of ${model}, ${state.dir === 'desc' ? 'newest' : 'oldest'} first`}
        columns={COLUMNS}
        {...pageQueryProps(list)}
        totalCapped={list.data?.totalCapped}
        state={state}
        onChange={update}
        getRowId={(p) => p.id}
        rowTestId="prediction-row"
        empty={filtered ? 'No prediction matches these filters in this window.' : 'No predictions in the last day.'}
      />
    </div>
  );
}
