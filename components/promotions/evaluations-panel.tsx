'use client';
// A model's evaluations on its golden set, newest first, and "Evaluate vN now". Polls while any
// evaluation is queued or running.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { StatusBadge } from './status-badge';

export function EvaluationsPanel({ model, hasGolden }: { model: string; hasGolden: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canRun = useCan('training.run');
  const versions = useQuery(trpc.models.get.queryOptions({ name: model }));
  const list = useQuery({ ...trpc.evaluations.list.queryOptions({ model }), refetchInterval: (q) => (q.state.data?.some((e) => e.evaluation.status === 'queued' || e.evaluation.status === 'running') ? 1000 : false) });
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
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Evaluations of {model}, newest first</caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Candidate</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">Verdict</th>
            <th scope="col" className="px-3 py-2">Started</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map(({ evaluation: e, version: v }) => (
            <tr key={e.id} className="border-t border-slate-100" data-testid="evaluation-row">
              <td className="px-3 py-2">
                <Link href={`/promotions/evaluations/${e.id}`} className="text-brand-700 underline">
                  v{v}
                </Link>
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={e.status} />
                {e.error && <span className="ml-2 text-red-700">{e.error}</span>}
              </td>
              <td className="px-3 py-2">{e.verdict ? <StatusBadge status={e.verdict} /> : '–'}</td>
              <td className="px-3 py-2">{new Date(e.createdAt).toLocaleString()}</td>
            </tr>
          ))}
          {list.data?.length === 0 && (
            <tr>
              <td colSpan={4} className="px-3 py-4 text-center text-slate-500">
                No evaluations yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
