'use client';
// A model's evaluations on its golden set, newest first and paged on the server (?epage=2), and
// "Evaluate vN now". Polls while any evaluation on the page is queued or running.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import type { EvaluationSortKey } from '@/server/services/promotions/list-evaluations';
import { StatusBadge } from './status-badge';
import type { EvaluationRow } from './types';

const CONFIG: TableUrlConfig<EvaluationSortKey> = { sortKeys: ['createdAt', 'version', 'status'], defaultSort: 'createdAt', defaultDir: 'desc', defaultPageSize: 25, filterKeys: [], prefix: 'e' };

const COLUMNS: DataColumn<EvaluationRow>[] = [
  {
    id: 'version',
    header: 'Candidate',
    cell: ({ row }) => (
      <Link href={`/promotions/evaluations/${row.original.evaluation.id}`} className="text-brand-700 underline">
        v{row.original.version}
      </Link>
    ),
  },
  {
    id: 'status',
    sortDescFirst: false,
    header: 'Status',
    cell: ({ row: { original: { evaluation: e } } }) => (
      <>
        <StatusBadge status={e.status} />
        {e.error && <span className="ml-2 text-red-700">{e.error}</span>}
      </>
    ),
  },
  { id: 'verdict', enableSorting: false, header: 'Verdict', cell: ({ row: { original: { evaluation: e } } }) => (e.verdict ? <StatusBadge status={e.verdict} /> : '–') },
  { id: 'createdAt', header: 'Started', cell: ({ row }) => new Date(row.original.evaluation.createdAt).toLocaleString() },
];

export function EvaluationsPanel({ model, hasGolden }: { model: string; hasGolden: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canRun = useCan('training.run');
  const versions = useQuery(trpc.models.get.queryOptions({ name: model }));
  const { state, update } = useUrlTableState(CONFIG);
  const list = useQuery(
    trpc.evaluations.list.queryOptions(
      { model, offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir },
      { placeholderData: keepPreviousData, refetchInterval: (q) => (q.state.data?.rows.some((e) => e.evaluation.status === 'queued' || e.evaluation.status === 'running') ? 1000 : false) },
    ),
  );
  const [version, setVersion] = useState('');
  const chosen = version || String(versions.data?.versions[0]?.version ?? '');
  const start = useMutation(trpc.evaluations.start.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.evaluations.list.queryKey({ model }) }) }));

  return (
    <section aria-labelledby="evaluations-title" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <h2 id="evaluations-title" className="text-lg font-semibold">
        Evaluations
      </h2>
      {canRun && (
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1 text-sm">
            Version to evaluate
            <select value={chosen} onChange={(e) => setVersion(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
              {versions.data?.versions.map((v) => (
                <option key={v.id} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={!hasGolden || !chosen || start.isPending} onClick={() => start.mutate({ model, version: Number(chosen) })} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
            Evaluate v{chosen} now
          </button>
          {!hasGolden && <span className="text-sm text-slate-600">Choose a golden set first.</span>}
        </div>
      )}
      {start.error && (
        <p role="alert" className="text-sm text-red-700">
          {start.error.message}
        </p>
      )}
      <DataTable
        caption={`Evaluations of ${model}`}
        columns={COLUMNS}
        {...pageQueryProps(list)}
        state={state}
        onChange={update}
        getRowId={(r) => r.evaluation.id}
        rowTestId="evaluation-row"
        empty="No evaluations yet."
      />
    </section>
  );
}
