'use client';
// /datasets: the upload form (writers) and the datasets table (paged, sorted and filtered on the
// server; state in the URL).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { RelativeTime } from '@/components/format/relative-time';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import { nameColumn } from '@/components/table/name-column';
import { TextFilter } from '@/components/table/text-filter';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import type { DatasetSortKey } from '@/server/services/datasets/list-datasets-page';
import { UploadForm } from './upload-form';

const CONFIG: TableUrlConfig<DatasetSortKey> = { sortKeys: ['latestAt', 'name', 'versions', 'createdAt'], defaultSort: 'latestAt', defaultDir: 'desc', filterKeys: ['q'] };

interface DatasetRow {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  versions: number;
  latestAt: Date | null;
}

const COLUMNS: DataColumn<DatasetRow>[] = [
  nameColumn({ id: 'name', header: 'Name', href: (r) => `/datasets/${encodeURIComponent(r.name)}`, name: (r) => r.name }),
  { id: 'description', enableSorting: false, header: 'Description', cell: ({ row }) => <span className="text-slate-600">{row.original.description}</span> },
  { id: 'versions', header: 'Versions', cell: ({ row }) => <span className="tabular-nums">{row.original.versions}</span> },
  { id: 'latestAt', header: 'Latest upload', cell: ({ row }) => <RelativeTime at={row.original.latestAt} /> },
];

export function DatasetsScreen() {
  const trpc = useTRPC();
  const { state, update } = useUrlTableState(CONFIG);
  const list = useQuery(
    trpc.datasets.page.queryOptions(
      { offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir, q: state.filters.q || undefined },
      { placeholderData: keepPreviousData },
    ),
  );
  const canWrite = useCan('dataset.write');
  return (
    <div className="flex flex-col gap-6">
      {/* Name suggestions: the datasets on this page (the most recently uploaded by default). */}
      {canWrite && <UploadForm knownNames={list.data?.rows.map((d) => d.name) ?? []} />}
      <div className="flex flex-col gap-3">
        <form role="search" aria-label="Filter datasets" onSubmit={(e) => e.preventDefault()}>
          <TextFilter label="Name contains" value={state.filters.q ?? ''} onChange={(q) => update({ filters: { q } })} />
        </form>
        <DataTable
          caption="Datasets"
          columns={COLUMNS}
          {...pageQueryProps(list)}
          state={state}
          onChange={update}
          getRowId={(r) => r.id}
          rowTestId={(r) => `dataset-row-${r.name}`}
          empty={state.filters.q ? 'No dataset name contains this text. Clear the filter to see every dataset.' : canWrite ? 'No datasets yet. Upload a CSV above to start.' : 'No datasets yet. An engineer uploads them.'}
        />
      </div>
    </div>
  );
}
