'use client';
// Global feature importance of a version: the stored permutation importance (how much the
// metric drops when one input is shuffled), with a button to compute or recompute it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatNumber } from '@/components/format/format';
import { RelativeTime } from '@/components/format/relative-time';
import { useTRPC } from '@/lib/trpc';

export function FeatureImportance({ name, version, canCompute }: { name: string; version: number; canCompute: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.models.importance.queryOptions({ name, version }));
  const compute = useMutation(
    trpc.models.computeImportance.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.models.importance.queryKey({ name, version }) }) }),
  );
  const imp = q.data;
  const max = imp ? Math.max(1e-12, ...imp.inputs.map((i) => Math.abs(i.importance))) : 1;
  const button = canCompute && (
    <button type="button" onClick={() => compute.mutate({ name, version })} disabled={compute.isPending} className="self-start rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50">
      {compute.isPending ? 'Computing…' : imp ? 'Recompute' : 'Compute feature importance'}
    </button>
  );
  return (
    <div className="flex flex-col gap-2" data-testid="feature-importance">
      {compute.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {compute.error.message}
        </p>
      )}
      {q.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {q.data === null && (
        <p className="text-sm text-slate-500">
          Not computed yet.{' '}
          {canCompute ? 'Compute it to see which inputs this version relies on (a few seconds: at most 2,000 rows, fixed seed).' : 'An engineer can compute it from this page.'}
        </p>
      )}
      {imp && (
        <>
          <p className="text-sm text-slate-600">
            Drop in {imp.metric.toUpperCase()} (baseline {formatNumber(imp.baseline)}) when each input is shuffled, mean of {imp.repeats} shuffles on {formatNumber(imp.rows)} rows of the{' '}
            {imp.source === 'golden' ? 'golden set' : 'training dataset'} (label <code>{imp.labelColumn}</code>, seed {imp.seed}); computed <RelativeTime at={imp.computedAt} />. Near zero: the version barely uses
            the input.
          </p>
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Permutation importance per input</caption>
              <thead className="bg-slate-100 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Input</th>
                  <th scope="col" className="px-3 py-2">Importance</th>
                  <th scope="col" className="px-3 py-2">± std</th>
                  <th scope="col" className="w-1/2 px-3 py-2">
                    <span className="sr-only">Bar</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {imp.inputs.map((i) => (
                  <tr key={i.input} className="border-t border-slate-100" data-testid="importance-row">
                    <th scope="row" className="px-3 py-1.5 font-mono font-normal">
                      {i.input}
                    </th>
                    <td className="px-3 py-1.5 tabular-nums">{formatNumber(i.importance)}</td>
                    <td className="px-3 py-1.5 tabular-nums text-slate-500">{formatNumber(i.std)}</td>
                    <td className="px-3 py-1.5">
                      <div className="h-2 rounded bg-brand-600" style={{ width: `${Math.max(0, (i.importance / max) * 100)}%` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {button}
    </div>
  );
}
