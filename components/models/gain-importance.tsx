'use client';
// Gain importance of a GBDT version: how much each input's splits reduced the training loss in
// all (total gain, XGBoost's `total_gain`), read from the trees. It says what the trees used
// while fitting; permutation importance beside it says what the predictions depend on.
import { useQuery } from '@tanstack/react-query';
import { formatNumber } from '@/components/format/format';
import { useTRPC } from '@/lib/trpc';

export function GainImportance({ name, version }: { name: string; version: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.models.gainImportance.queryOptions({ name, version }));
  const g = q.data;
  // Other trainers have no trees: nothing to show, and permutation importance covers them.
  if (g && !g.available && !g.gbdt) return null;
  return (
    <div className="flex flex-col gap-2" data-testid="gain-importance">
      <h3 className="text-sm font-semibold">Total gain (GBDT)</h3>
      {q.error && (
        <p role="alert" className="text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      {g && !g.available && <p className="text-sm text-slate-500">Not available: {g.reason}.</p>}
      {g?.available && (
        <>
          <p className="text-sm text-slate-600">
            Loss reduction of the trees&apos; splits on each input, summed over every tree and over the columns the input became (one-hot categories, buckets). Computed from the trees,
            on the training rows; it favours inputs with many distinct values.
          </p>
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Total gain per input (GBDT)</caption>
              <thead className="bg-slate-100 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Input</th>
                  <th scope="col" className="px-3 py-2">Gain</th>
                  <th scope="col" className="px-3 py-2">Share</th>
                  <th scope="col" className="w-1/2 px-3 py-2">
                    <span className="sr-only">Bar</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {g.inputs.map((i) => (
                  <tr key={i.input} className="border-t border-slate-100" data-testid="gain-row">
                    <th scope="row" className="px-3 py-1.5 font-mono font-normal">
                      {i.input}
                      {i.columns > 1 && <span className="ml-1 text-xs text-slate-500">({i.columns} columns)</span>}
                    </th>
                    <td className="px-3 py-1.5 tabular-nums">{formatNumber(i.gain)}</td>
                    <td className="px-3 py-1.5 tabular-nums">{(i.share * 100).toFixed(1)}%</td>
                    <td className="px-3 py-1.5">
                      <div className="h-2 rounded bg-emerald-600" style={{ width: `${i.share * 100}%` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
