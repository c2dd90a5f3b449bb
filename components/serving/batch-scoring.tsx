'use client';
// Batch scoring: score a dataset version with a model version on the worker; the result CSV
// (input columns + score, label, prediction_id) is downloadable once it succeeded.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { useCan } from '@/components/ui/use-permissions';
import { ChoiceSearch, useNameChoices } from '@/components/ui/name-choices';
import { useTRPC } from '@/lib/trpc';

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

export function BatchScoring({ model }: { model: string }) {
  const trpc = useTRPC();
  const canRun = useCan('training.run');
  const list = useQuery({
    ...trpc.batch.list.queryOptions({ model }),
    refetchInterval: (q) => (q.state.data?.some((b) => LIVE.has(b.batch.status)) ? 1000 : false),
  });
  // Newest first for reading; the service lists oldest first.
  const rows = [...(list.data ?? [])].reverse();
  return (
    <div className="flex flex-col gap-3">
      {canRun && <StartBatchForm model={model} />}
      {list.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {list.error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Batch scorings of {model}</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Started</th>
              <th scope="col" className="px-3 py-2">Version</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Rows scored</th>
              <th scope="col" className="px-3 py-2">Rows skipped</th>
              <th scope="col" className="px-3 py-2">Result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ batch: b, version }) => (
              <tr key={b.id} className="border-t border-slate-100" data-testid="batch-row">
                <td className="whitespace-nowrap px-3 py-2">{new Date(b.createdAt).toLocaleString()}</td>
                <td className="px-3 py-2">v{version}</td>
                <td className="px-3 py-2">
                  {b.jobId ? (
                    <Link href={`/jobs/${b.jobId}`} className="text-brand-700 hover:underline">
                      {b.status}
                    </Link>
                  ) : (
                    b.status
                  )}
                  {b.error && <span className="ml-2 text-red-700">{b.error}</span>}
                </td>
                <td className="px-3 py-2 tabular-nums">{b.rowsScored ?? '—'}</td>
                <td className="px-3 py-2 tabular-nums">{b.rowsSkipped ?? '—'}</td>
                <td className="px-3 py-2">
                  {b.status === 'succeeded' && b.resultSha256 ? (
                    <a href={`/api/batch-scores/${b.id}/download`} download className="text-brand-700 hover:underline">
                      Download scores CSV
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
            {list.data && rows.length === 0 && (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-slate-500">
                  No batch scoring yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
