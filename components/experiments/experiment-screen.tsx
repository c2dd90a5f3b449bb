'use client';
// One experiment's runs. The runs ticked for comparison live in the URL (?selected=a,b) so a
// reload or a shared link keeps them; the list polls while any run is queued or running.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { SpecVersions } from '../features/spec-versions';
import { fmtMetric, fmtParams, KEY_PARAMS } from '../runs/format';
import { isActive } from '../runs/run-types';
import { StatusBadge } from '../runs/status-badge';

export function ExperimentScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = useQuery(trpc.experiments.get.queryOptions({ id }, { refetchInterval: (query) => (query.state.data?.runs.some((r) => isActive(r.status)) ? 1000 : false) }));
  // Local state answers the click at once; the URL follows for reloads and shared links.
  const [selected, setSelected] = useState(() => (params.get('selected') ?? '').split(',').filter(Boolean));

  function toggle(runId: string, on: boolean) {
    const next = on ? [...selected.filter((s) => s !== runId), runId] : selected.filter((s) => s !== runId);
    setSelected(next);
    const qs = new URLSearchParams(params);
    if (next.length) qs.set('selected', next.join(','));
    else qs.delete('selected');
    router.replace(`${pathname}?${qs.toString()}`, { scroll: false });
  }

  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const { experiment, runs, runCount } = q.data;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">{experiment.name}</h2>
        {experiment.description && <p className="text-sm text-slate-600">{experiment.description}</p>}
        <div className="ml-auto flex gap-2">
          <button
            type="button"
            disabled={selected.length < 2}
            onClick={() => router.push(`/experiments/compare?runs=${selected.join(',')}`)}
            className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:bg-slate-400"
          >
            Compare selected ({selected.length})
          </button>
          <Link href="/experiments/new" className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            New run
          </Link>
        </div>
      </div>
      {runCount > runs.length && (
        <p className="text-sm text-slate-600" data-testid="experiment-runs-truncated">
          The newest {runs.length} of {runCount} runs.{' '}
          <Link href={`/runs?experiment=${encodeURIComponent(experiment.name)}`} className="text-brand-700 hover:underline">
            Page, sort and filter all of them in the runs table
          </Link>
          .
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Runs of {experiment.name}</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Compare</th>
              <th scope="col" className="px-3 py-2">Run</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Trainer</th>
              <th scope="col" className="px-3 py-2">Key params</th>
              <th scope="col" className="px-3 py-2">Seed</th>
              <th scope="col" className="px-3 py-2">Validation AUC</th>
              <th scope="col" className="px-3 py-2">Validation log-loss</th>
              <th scope="col" className="px-3 py-2">Created</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className="border-t border-slate-100" data-testid="run-row">
                <td className="px-3 py-2">
                  <input type="checkbox" aria-label={`Select ${r.name} for comparison`} checked={selected.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
                </td>
                <td className="px-3 py-2">
                  <Link href={`/runs/${r.id}`} className="text-brand-700 hover:underline">
                    {r.name}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <StatusBadge status={r.status} />
                  {isActive(r.status) && <span className="ml-1 text-xs text-slate-500">{Math.round(r.progress * 100)}%</span>}
                </td>
                <td className="px-3 py-2 font-mono">
                  {r.task !== 'binary' && <span className="mr-1 rounded bg-slate-100 px-1 font-sans text-xs" data-testid="run-task">{r.task}</span>}
                  {r.trainer}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{fmtParams(r.params, KEY_PARAMS)}</td>
                <td className="px-3 py-2">{r.seed}</td>
                <td className="px-3 py-2 tabular-nums">
                  {/* Multiclass and regression runs have no AUC: their headline metric, named. */}
                  {r.task === 'multiclass' ? `macro_f1 ${fmtMetric(r.validationMacroF1)}` : r.task === 'regression' ? `rmse ${fmtMetric(r.validationRmse)}` : fmtMetric(r.validationAuc)}
                </td>
                <td className="px-3 py-2 tabular-nums">{fmtMetric(r.validationLogLoss)}</td>
                <td className="whitespace-nowrap px-3 py-2">{new Date(r.createdAt).toLocaleString()}</td>
              </tr>
            ))}
            {runs.length === 0 && (
              <tr>
                <td colSpan={9} className="px-3 py-6 text-center text-slate-500">
                  No runs yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <section className="flex flex-col gap-2" aria-label="Feature spec versions">
        <h3 className="font-semibold">Feature spec versions</h3>
        <SpecVersions experimentId={experiment.id} />
      </section>
    </div>
  );
}
