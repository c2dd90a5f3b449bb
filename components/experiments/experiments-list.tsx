'use client';
// /experiments: the experiments table (paged, sorted and filtered on the server; state in the URL).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { RelativeTime } from '@/components/format/relative-time';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import { nameColumn } from '@/components/table/name-column';
import { TextFilter } from '@/components/table/text-filter';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useTRPC } from '@/lib/trpc';
import type { ExperimentSortKey } from '@/server/services/experiments/list-experiments-page';

const CONFIG: TableUrlConfig<ExperimentSortKey> = { sortKeys: ['createdAt', 'name', 'runs', 'lastRunAt'], defaultSort: 'createdAt', defaultDir: 'desc', filterKeys: ['q'] };

interface ExperimentRow {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  runs: number;
  lastRunAt: Date | null;
}

const COLUMNS: DataColumn<ExperimentRow>[] = [
  nameColumn({ id: 'name', header: 'Name', href: (r) => `/experiments/${r.id}`, name: (r) => r.name, note: (r) => r.description }),
  {
    id: 'runs',
    header: 'Runs',
    cell: ({ row }) => (
      <Link href={`/runs?experiment=${encodeURIComponent(row.original.name)}`} className="hover:underline">
        {row.original.runs}
      </Link>
    ),
  },
  { id: 'lastRunAt', header: 'Last run', cell: ({ row }) => <RelativeTime at={row.original.lastRunAt} /> },
  { id: 'createdAt', header: 'Created', cell: ({ row }) => <RelativeTime at={row.original.createdAt} /> },
];

export function ExperimentsList() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const { state, update } = useUrlTableState(CONFIG);
  const list = useQuery(
    trpc.experiments.page.queryOptions(
      { offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir, q: state.filters.q || undefined },
      { placeholderData: keepPreviousData },
    ),
  );
  const canTrain = me.data?.permissions.includes('training.run');
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        {canTrain && (
          <Link href="/experiments/new" className="inline-block rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
            New run
          </Link>
        )}
        <form role="search" aria-label="Filter experiments" onSubmit={(e) => e.preventDefault()}>
          <TextFilter label="Name contains" value={state.filters.q ?? ''} onChange={(q) => update({ filters: { q } })} />
        </form>
        <Link href="/runs" className="text-sm text-brand-700 hover:underline">
          All runs →
        </Link>
      </div>
      <DataTable
        caption="Experiments"
        columns={COLUMNS}
        {...pageQueryProps(list)}
        state={state}
        onChange={update}
        getRowId={(r) => r.id}
        rowTestId="experiment-row"
        empty={state.filters.q ? 'No experiment name contains this text. Clear the filter to see every experiment.' : 'No experiments yet. Start a run to create one.'}
      />
    </div>
  );
}
