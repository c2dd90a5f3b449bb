'use client';
// Batch scoring: score a dataset version with a model version on the worker; the result CSV
// (input columns + score, label, prediction_id) is downloadable once it succeeded.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useId, useState } from 'react';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import { useCan } from '@/components/ui/use-permissions';
import { ChoiceSearch, useNameChoices } from '@/components/ui/name-choices';
import { useTRPC } from '@/lib/trpc';
import type { AppRouter } from '@/server/api/root';
import type { BatchSortKey } from '@/server/services/batch/list-batch-scores';

type Out = inferRouterOutputs<AppRouter>;

const LIVE = new Set(['queued', 'running']);

function StartBatchForm({ model }: { model: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const versions = useQuery(trpc.models.get.queryOptions({ name: model }));
  const [dataset, setDataset] = useState('');
  const datasets = useNameChoices('datasets', dataset);
  // Labels are separate elements (not wrapping) so a select's option texts do not join its name.
  const id = useId();
  const dsVersions = useQuery({ ...trpc.datasets.get.queryOptions({ name: dataset }), enabled: dataset !== '' });
  const start = useMutation(trpc.batch.start.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.batch.list.queryKey({ model }) }) }));

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    start.mutate({ model, version: Number(f.get('version')), datasetVersionId: String(f.get('datasetVersionId')), device: f.get('gpu') ? 'gpu' : 'cpu' });
  }

  return (
    <form onSubmit={submit} aria-label="Start batch scoring" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={`${id}-ds`}>Dataset</label>
        <select id={`${id}-ds`} value={dataset} onChange={(e) => setDataset(e.target.value)} required className="rounded border border-slate-300 px-2 py-1">
          <option value="">choose a dataset…</option>
          {datasets.names.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <ChoiceSearch choices={datasets} />
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={`${id}-dsv`}>Dataset version</label>
        <select id={`${id}-dsv`} name="datasetVersionId" required disabled={!dsVersions.data} className="rounded border border-slate-300 px-2 py-1">
          {dsVersions.data?.versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.sha256.slice(0, 8)} · {v.filename} · {v.rowCount ?? '?'} rows · {new Date(v.createdAt).toLocaleString()}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={`${id}-mv`}>Model version</label>
        <select id={`${id}-mv`} name="version" required className="rounded border border-slate-300 px-2 py-1">
          {versions.data?.versions.map((v) => (
            <option key={v.id} value={v.version}>
              v{v.version}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-1 text-sm" title="Queued for GPU workers only; onnxruntime's CUDA provider when installed there, else CPU (the job log says why)">
        <input type="checkbox" name="gpu" value="1" />
        on a GPU worker
      </label>
      <button type="submit" disabled={start.isPending || !dsVersions.data} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
        Start scoring
      </button>
      {start.error && (
        <p role="alert" className="w-full rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {start.error.message}
        </p>
      )}
    </form>
  );
}

const CONFIG: TableUrlConfig<BatchSortKey> = { sortKeys: ['createdAt', 'version', 'status'], defaultSort: 'createdAt', defaultDir: 'desc', defaultPageSize: 25, filterKeys: [], prefix: 'b' };

type BatchRow = Out['batch']['list']['rows'][number];

const COLUMNS: DataColumn<BatchRow>[] = [
  { id: 'createdAt', header: 'Started', cell: ({ row }) => <span className="whitespace-nowrap">{new Date(row.original.batch.createdAt).toLocaleString()}</span> },
  { id: 'version', header: 'Version', cell: ({ row }) => `v${row.original.version}` },
  {
    id: 'status',
    sortDescFirst: false,
    header: 'Status',
    cell: ({ row: { original: { batch: b } } }) => (
      <>
        {b.jobId ? (
          <Link href={`/jobs/${b.jobId}`} className="text-brand-700 hover:underline">
            {b.status}
          </Link>
        ) : (
          b.status
        )}
        {b.error && <span className="ml-2 text-red-700">{b.error}</span>}
      </>
    ),
  },
  { id: 'rowsScored', enableSorting: false, header: 'Rows scored', cell: ({ row }) => <span className="tabular-nums">{row.original.batch.rowsScored ?? '—'}</span> },
  { id: 'rowsSkipped', enableSorting: false, header: 'Rows skipped', cell: ({ row }) => <span className="tabular-nums">{row.original.batch.rowsSkipped ?? '—'}</span> },
  {
    id: 'result',
    enableSorting: false,
    header: 'Result',
    cell: ({ row: { original: { batch: b } } }) =>
      b.status === 'succeeded' && b.resultSha256 ? (
        <a href={`/api/batch-scores/${b.id}/download`} download className="text-brand-700 hover:underline">
          Download scores CSV
        </a>
      ) : (
        '—'
      ),
  },
];

/** The model's batch scorings, newest first, paged on the server (?bpage=2); polls while any on the page is live. */
export function BatchScoring({ model }: { model: string }) {
  const trpc = useTRPC();
  const canRun = useCan('training.run');
  const { state, update } = useUrlTableState(CONFIG);
  const list = useQuery(
    trpc.batch.list.queryOptions(
      { model, offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir },
      { placeholderData: keepPreviousData, refetchInterval: (q) => (q.state.data?.rows.some((b) => LIVE.has(b.batch.status)) ? 1000 : false) },
    ),
  );
  return (
    <div className="flex flex-col gap-3">
      {canRun && <StartBatchForm model={model} />}
      <DataTable
        caption={`Batch scorings of ${model}`}
        columns={COLUMNS}
        {...pageQueryProps(list)}
        state={state}
        onChange={update}
        getRowId={(r) => r.batch.id}
        rowTestId="batch-row"
        empty="No batch scoring yet."
      />
    </div>
  );
}
