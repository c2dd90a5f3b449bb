'use client';
// /runs: every run across experiments in the shared data table. The server pages, sorts and
// filters; the URL keeps the state (?status=failed&sort=validationAuc&page=3 survives a reload).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatNumber } from '@/components/format/format';
import { RelativeTime } from '@/components/format/relative-time';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import { nameColumn } from '@/components/table/name-column';
import { TextFilter } from '@/components/table/text-filter';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useTRPC } from '@/lib/trpc';
import type { RunSortKey } from '@/server/services/runs/list-runs';
import { StatusBadge } from './status-badge';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
type Status = (typeof STATUSES)[number];

const CONFIG: TableUrlConfig<RunSortKey> = {
  sortKeys: ['createdAt', 'finishedAt', 'name', 'status', 'trainer', 'experiment', 'validationAuc'],
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  filterKeys: ['status', 'trainer', 'experiment', 'q'],
};

interface RunRow {
  id: string;
  name: string;
  status: string;
  trainer: string;
  seed: number;
  createdAt: Date;
  finishedAt: Date | null;
  experimentId: string;
  experiment: string;
  validationAuc: number | null;
  validationLogLoss: number | null;
}

const COLUMNS: DataColumn<RunRow>[] = [
  nameColumn({ id: 'name', header: 'Run', href: (r) => `/runs/${r.id}`, name: (r) => r.name, testId: 'run-link' }),
  {
    id: 'experiment',
    sortDescFirst: false,
    header: 'Experiment',
    cell: ({ row }) => (
      <Link href={`/experiments/${row.original.experimentId}`} className="hover:underline">
        {row.original.experiment}
      </Link>
    ),
  },
  { id: 'status', sortDescFirst: false, header: 'Status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  { id: 'trainer', sortDescFirst: false, header: 'Trainer', cell: ({ row }) => row.original.trainer },
  { id: 'validationAuc', header: 'Validation AUC', cell: ({ row }) => <span data-testid="run-auc">{formatNumber(row.original.validationAuc)}</span> },
  { id: 'logLoss', header: 'Log loss', enableSorting: false, cell: ({ row }) => formatNumber(row.original.validationLogLoss) },
  { id: 'createdAt', header: 'Created', cell: ({ row }) => <RelativeTime at={row.original.createdAt} /> },
  { id: 'finishedAt', header: 'Finished', cell: ({ row }) => <RelativeTime at={row.original.finishedAt} /> },
];

export function RunsTable() {
  const trpc = useTRPC();
  const { state, update } = useUrlTableState(CONFIG);
  const trainers = useQuery(trpc.runs.trainers.queryOptions());
  const status = STATUSES.includes(state.filters.status as Status) ? (state.filters.status as Status) : undefined;
  const list = useQuery(
    trpc.runs.list.queryOptions(
      {
        offset: state.pageIndex * state.pageSize,
        limit: state.pageSize,
        sort: state.sort,
        dir: state.dir,
        status: status ? [status] : undefined,
        trainer: state.filters.trainer || undefined,
        experiment: state.filters.experiment || undefined,
        q: state.filters.q || undefined,
      },
      { placeholderData: keepPreviousData },
    ),
  );
  const filtered = Object.keys(state.filters).length > 0;
  const setFilter = (k: string) => (v: string) => update({ filters: { [k]: v } });

  return (
    <div className="flex flex-col gap-3">
      <form role="search" aria-label="Filter runs" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <TextFilter label="Run name" value={state.filters.q ?? ''} onChange={setFilter('q')} />
        <TextFilter label="Experiment" value={state.filters.experiment ?? ''} onChange={setFilter('experiment')} />
        <label className="flex flex-col text-xs text-slate-600">
          Status
          <select className="rounded border border-slate-300 px-2 py-1 text-sm" value={status ?? ''} onChange={(e) => update({ filters: { status: e.target.value } })}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Trainer
          <select className="rounded border border-slate-300 px-2 py-1 text-sm" value={state.filters.trainer ?? ''} onChange={(e) => update({ filters: { trainer: e.target.value } })}>
            <option value="">any</option>
            {state.filters.trainer && !trainers.data?.some((t) => t.name === state.filters.trainer) && <option value={state.filters.trainer}>{state.filters.trainer}</option>}
            {[...new Set(trainers.data?.map((t) => t.name))].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="rounded border border-slate-300 px-2 py-1 text-sm" onClick={() => update({ filters: { status: '', trainer: '', experiment: '', q: '' } })}>
            Clear filters
          </button>
        )}
      </form>
      <DataTable
        caption="Runs"
        columns={COLUMNS}
        {...pageQueryProps(list)}
        state={state}
        onChange={update}
        getRowId={(r) => r.id}
        rowTestId="run-row"
        empty={
          filtered ? (
            'No run matches these filters. Clear a filter to see more.'
          ) : (
            <>
              No runs yet. <Link href="/experiments/new" className="text-brand-700 hover:underline">Start a run</Link> to train a model.
            </>
          )
        }
      />
    </div>
  );
}
