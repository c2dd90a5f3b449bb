'use client';
// One sweep: its runs (params, status, the chosen validation metric), the best run highlighted,
// and a chart of one swept param against the metric. Polls while any run is queued or running.
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import type { AppRouter } from '@/server/api/root';
import { fmtMetric } from '../runs/format';
import { StatusBadge } from '../runs/status-badge';
import { ParamMetricChart } from './param-metric-chart';

type SweepDetail = inferRouterOutputs<AppRouter>['sweeps']['get'];

/** Swept params whose values are all numbers: the ones a scatter can put on an axis. */
function numericParams(s: SweepDetail): string[] {
  return Object.keys(s.sweep.space).filter((k) => s.runs.every((r) => typeof r.params[k] === 'number'));
}

const isLogRange = (space: Record<string, unknown>, k: string) => (space[k] as { log?: boolean } | undefined)?.log === true;

export function SweepScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.sweeps.get.queryOptions({ id }, { refetchInterval: (query) => (query.state.data?.status === 'finished' ? false : 1500) }));
  const [chosen, setChosen] = useState<string | null>(null);
  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const s = q.data;
  const swept = Object.keys(s.sweep.space);
  const numeric = numericParams(s);
  const param = chosen && numeric.includes(chosen) ? chosen : (numeric[0] ?? null);
  const points = param
    ? s.runs.filter((r) => r.value !== null).map((r) => ({ x: r.params[param] as number, y: r.value!, best: r.id === s.bestRunId, label: r.name }))
    : [];
  const done = Object.entries(s.counts).filter(([, n]) => n > 0);

  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-3 text-sm">
        <dt className="text-slate-500">Experiment</dt>
        <dd>
          <Link href={`/experiments/${s.experiment.id}`} className="text-brand-700 hover:underline">
            {s.experiment.name}
          </Link>
        </dd>
        <dt className="text-slate-500">Trainer</dt>
        <dd>
          {s.sweep.trainer} · {s.sweep.strategy} · {s.runs.length} runs · seed {s.sweep.seed}
        </dd>
        <dt className="text-slate-500">Data</dt>
        <dd>
          {s.dataset.name}@{s.dataset.sha256.slice(0, 12)} · target {s.sweep.target}
        </dd>
        <dt className="text-slate-500">Best by</dt>
        <dd>
          validation {s.sweep.metric} ({s.direction === 'max' ? 'higher' : 'lower'} is better)
        </dd>
        <dt className="text-slate-500">Status</dt>
        <dd data-testid="sweep-status">
          {s.status} ({done.map(([k, n]) => `${n} ${k}`).join(', ')})
        </dd>
      </dl>

      {numeric.length > 0 && param ? (
        <div className="flex flex-col gap-2">
          <label className="flex items-center gap-2 text-sm">
            Param on the x axis
            <select value={param} onChange={(e) => setChosen(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
              {numeric.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <ParamMetricChart param={param} metric={s.sweep.metric} points={points} logX={isLogRange(s.sweep.space, param)} />
        </div>
      ) : (
        <p className="text-sm text-slate-500">No swept param is numeric, so there is no chart; the table has every run.</p>
      )}

      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th className="px-3 py-2">#</th>
              {swept.map((k) => (
                <th key={k} className="px-3 py-2">
                  {k}
                </th>
              ))}
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Validation {s.sweep.metric}</th>
              <th className="px-3 py-2">Run</th>
            </tr>
          </thead>
          <tbody>
            {s.runs.map((r) => {
              const best = r.id === s.bestRunId;
              return (
                <tr key={r.id} className={`border-t border-slate-100 ${best ? 'bg-green-50 font-medium' : ''}`} data-testid={best ? 'sweep-best-run' : undefined}>
                  <td className="px-3 py-2">{r.index + 1}</td>
                  {swept.map((k) => (
                    <td key={k} className="px-3 py-2 font-mono">
                      {JSON.stringify(r.params[k])}
                    </td>
                  ))}
                  <td className="px-3 py-2">
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="px-3 py-2 font-mono">
                    {fmtMetric(r.value)}
                    {best && <span className="ml-2 rounded bg-green-600 px-1.5 py-0.5 text-xs text-white">best</span>}
                  </td>
                  <td className="px-3 py-2">
                    <Link href={`/runs/${r.id}`} className="text-brand-700 hover:underline" title={r.error ?? undefined}>
                      {r.name}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
