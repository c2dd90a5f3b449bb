'use client';
// /jobs: every background job in the shared data table. The server pages, sorts and filters; the
// URL keeps the state (?status=failed,cancelled&q=profile&page=2 survives a reload).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { RelativeTime } from '@/components/format/relative-time';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import { nameColumn } from '@/components/table/name-column';
import { TextFilter } from '@/components/table/text-filter';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import type { TableUrlConfig } from '@/components/table/url-state';
import { ProgressBar } from '@/components/ui/progress-bar';
import { useTRPC } from '@/lib/trpc';
import type { JobSortKey } from '@/server/services/jobs/list-jobs';
import { isLive, parseStatusFilter } from './job-target';
import { JobStatusBadge } from './job-status-badge';

// The same list as server/db/schema/jobs.ts JOB_STATUSES (not imported: that module pulls in drizzle).
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

const CONFIG: TableUrlConfig<JobSortKey> = {
  sortKeys: ['createdAt', 'startedAt', 'finishedAt', 'title', 'queue', 'status', 'attempts'],
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  filterKeys: ['status', 'queue', 'q'],
};

interface JobRow {
  id: string;
  title: string;
  queue: string;
  status: string;
  progress: number;
  attempts: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS: DataColumn<JobRow>[] = [
  nameColumn({ id: 'title', header: 'Title', href: (j) => `/jobs/${j.id}`, name: (j) => j.title }),
  { id: 'queue', sortDescFirst: false, header: 'Queue', cell: ({ row }) => <span className="font-mono text-xs">{row.original.queue}</span> },
  { id: 'status', sortDescFirst: false, header: 'Status', cell: ({ row }) => <JobStatusBadge status={row.original.status} /> },
  { id: 'progress', enableSorting: false, header: 'Progress', cell: ({ row }) => <ProgressBar value={row.original.progress} label={`Progress of ${row.original.title}`} /> },
  { id: 'attempts', header: 'Attempts', cell: ({ row }) => <span className="tabular-nums">{row.original.attempts}</span> },
  { id: 'createdAt', header: 'Created', cell: ({ row }) => <RelativeTime at={row.original.createdAt} /> },
  { id: 'startedAt', header: 'Started', cell: ({ row }) => <RelativeTime at={row.original.startedAt} /> },
  { id: 'finishedAt', header: 'Finished', cell: ({ row }) => <RelativeTime at={row.original.finishedAt} /> },
  {
    id: 'error',
    enableSorting: false,
    header: 'Error',
    cell: ({ row }) => (
      <span className="block max-w-xs truncate text-red-700" title={row.original.error ?? undefined}>
        {row.original.error}
      </span>
    ),
  },
];

export function JobsScreen() {
  const trpc = useTRPC();
  const { state, update } = useUrlTableState(CONFIG);
  const selected = parseStatusFilter(state.filters.status ?? null, STATUSES);
  const list = useQuery(
    trpc.jobs.list.queryOptions(
      {
        offset: state.pageIndex * state.pageSize,
        limit: state.pageSize,
        sort: state.sort,
        dir: state.dir,
        status: selected.length ? selected : undefined,
        queue: state.filters.queue || undefined,
        q: state.filters.q || undefined,
      },
      // Poll once a second while anything on this page can still change.
      { placeholderData: keepPreviousData, refetchInterval: (query) => (query.state.data?.rows.some((j) => isLive(j.status)) ? 1000 : false) },
    ),
  );

  // Uncontrolled checkboxes flip at once when clicked and the URL follows (a controlled box would
  // snap back until the navigation lands). When the URL changes otherwise (back/forward, Show
  // all) the boxes are set from it, without remounting them, so keyboard focus stays put.
  const boxesRef = useRef<HTMLFieldSetElement>(null);
  const statusParam = selected.join(',');
  useEffect(() => {
    const on = statusParam.split(',');
    boxesRef.current?.querySelectorAll<HTMLInputElement>('input[type=checkbox]').forEach((b) => (b.checked = on.includes(b.value)));
  }, [statusParam]);

  function onStatusChange(e: React.ChangeEvent<HTMLFieldSetElement>) {
    const boxes = e.currentTarget.querySelectorAll<HTMLInputElement>('input[type=checkbox]');
    const next = STATUSES.filter((s) => [...boxes].some((b) => b.value === s && b.checked));
    update({ filters: { status: next.join(',') } });
  }
  const filtered = Object.keys(state.filters).length > 0;

  return (
    <div className="flex flex-col gap-3">
      <form role="search" aria-label="Filter jobs" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <TextFilter label="Title contains" value={state.filters.q ?? ''} onChange={(q) => update({ filters: { q } })} />
        <TextFilter label="Queue" value={state.filters.queue ?? ''} onChange={(queue) => update({ filters: { queue } })} />
        <fieldset ref={boxesRef} onChange={onStatusChange} className="flex flex-wrap items-center gap-4 rounded border border-slate-200 bg-white px-3 py-1 text-sm">
          <legend className="px-1 text-xs text-slate-600">Status</legend>
          {STATUSES.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input type="checkbox" value={s} defaultChecked={selected.includes(s)} />
              {s}
            </label>
          ))}
        </fieldset>
        {filtered && (
          <button type="button" onClick={() => update({ filters: { status: '', queue: '', q: '' } })} className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100">
            Show all
          </button>
        )}
      </form>
      <DataTable
        caption="Jobs"
        columns={COLUMNS}
        {...pageQueryProps(list)}
        state={state}
        onChange={update}
        getRowId={(j) => j.id}
        rowTestId="job-row"
        empty={filtered ? 'No job matches these filters. Clear a filter to see more.' : 'No jobs yet: uploading a dataset or starting a run queues one.'}
      />
    </div>
  );
}
