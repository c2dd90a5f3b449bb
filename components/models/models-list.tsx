'use client';
// /models: the models table (paged, sorted and filtered on the server; state in the URL) and,
// for writers, the ONNX upload.
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
import type { ModelSortKey } from '@/server/services/models/list-models-page';
import { UploadOnnxForm } from './upload-onnx-form';

const CONFIG: TableUrlConfig<ModelSortKey> = { sortKeys: ['createdAt', 'name', 'versions', 'latestVersion'], defaultSort: 'createdAt', defaultDir: 'desc', filterKeys: ['q'] };

interface ModelRow {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  versions: number;
  latestVersion: number | null;
  task: string | null;
  classCount: number | null;
}

const COLUMNS: DataColumn<ModelRow>[] = [
  nameColumn({ id: 'name', header: 'Name', href: (r) => `/models/${encodeURIComponent(r.name)}`, name: (r) => r.name }),
  {
    id: 'task',
    header: 'Task',
    enableSorting: false,
    cell: ({ row }) => (
      <span data-testid="model-task">
        {row.original.task ?? '—'}
        {row.original.classCount ? <span className="text-slate-500"> ({row.original.classCount} classes)</span> : null}
      </span>
    ),
  },
  { id: 'versions', header: 'Versions', cell: ({ row }) => row.original.versions },
  {
    id: 'latestVersion',
    header: 'Latest',
    cell: ({ row }) =>
      row.original.latestVersion ? (
        <Link href={`/models/${encodeURIComponent(row.original.name)}/versions/${row.original.latestVersion}`} className="text-brand-700 hover:underline">
          v{row.original.latestVersion}
        </Link>
      ) : (
        '—'
      ),
  },
  { id: 'createdAt', header: 'Created', cell: ({ row }) => <RelativeTime at={row.original.createdAt} /> },
];

export function ModelsList() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const { state, update } = useUrlTableState(CONFIG);
  const list = useQuery(
    trpc.models.page.queryOptions(
      { offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir, q: state.filters.q || undefined },
      { placeholderData: keepPreviousData },
    ),
  );
  const canWrite = me.data?.permissions.includes('model.write');
  return (
    <div className="flex flex-col gap-4">
      <form role="search" aria-label="Filter models" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <TextFilter label="Name contains" value={state.filters.q ?? ''} onChange={(q) => update({ filters: { q } })} />
      </form>
      <DataTable
        caption="Models"
        columns={COLUMNS}
        {...pageQueryProps(list)}
        state={state}
        onChange={update}
        getRowId={(r) => r.id}
        rowTestId="model-row"
        empty={state.filters.q ? 'No model name contains this text. Clear the filter to see every model.' : `No models yet. Register a succeeded run${canWrite ? ', or upload an ONNX file below' : ''}.`}
      />
      {canWrite && (
        <section aria-labelledby="upload-new" className="flex flex-col gap-2">
          <h2 id="upload-new" className="text-lg font-semibold">
            Upload an ONNX model
          </h2>
          <UploadOnnxForm />
        </section>
      )}
    </div>
  );
}
