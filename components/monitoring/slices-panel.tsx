'use client';
// Per-slice view: pick a slice column (the model's configured list, `gender`, or a categorical
// input) and see each group's traffic, selection rate, mean score, drifted inputs and online
// AUC. Admins with policy.manage edit the configured list.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useCan } from '@/components/ui/use-permissions';
import { MonitoringSlicesChart } from '@/components/charts/monitoring-slices-chart';
import { prepareSliceBars } from '@/components/charts/prepare/monitoring-histogram';
import { useTRPC } from '@/lib/trpc';
import { fmtPct, fmtStat } from './format';

/** A sensitive attribute the demo sends as request context; suggested when nothing is configured. */
const SUGGESTED = 'gender';

export function SlicesPanel({ model, version, windowMinutes, categorical }: { model: string; version?: number; windowMinutes: number; categorical: string[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCan('policy.manage');
  const cols = useQuery(trpc.monitoring.sliceColumns.queryOptions({ model }));
  const [picked, setPicked] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const options = [...new Set([...(cols.data ?? []), SUGGESTED, ...categorical])];
  const column = picked && options.includes(picked) ? picked : (cols.data?.[0] ?? SUGGESTED);
  const q = useQuery({ ...trpc.monitoring.slices.queryOptions({ model, version, windowMinutes, column }), enabled: cols.isSuccess, refetchInterval: 15_000 });
  const save = useMutation(
    trpc.monitoring.setSliceColumns.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        return qc.invalidateQueries({ queryKey: trpc.monitoring.sliceColumns.queryKey({ model }) });
      },
    }),
  );
  const absent = q.data && q.data.groups.length > 0 && q.data.groups.every((g) => g.group === '(missing)');
  const bars = q.data ? prepareSliceBars(q.data.groups) : null;

  function onSave(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget).get('columns') ?? '');
    save.mutate({ model, columns: [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))] });
  }

  return (
    <section aria-labelledby="slices-title" className="flex flex-col gap-2">
      <h2 id="slices-title" className="text-lg font-semibold">
        Slices
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor="slice-column">Slice column</label>
          <select id="slice-column" value={column} onChange={(e) => setPicked(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
            {options.map((c) => (
              <option key={c} value={c}>
                {c}
                {cols.data?.includes(c) ? ' (configured)' : ''}
              </option>
            ))}
          </select>
        </div>
        {canEdit && !editing && (
          <button type="button" onClick={() => setEditing(true)} className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100">
            Edit slice columns
          </button>
        )}
      </div>
      {canEdit && editing && (
        <form onSubmit={onSave} aria-label="Slice columns" className="flex flex-wrap items-end gap-2 rounded border border-slate-200 bg-white p-3">
          <label className="flex flex-col gap-1 text-sm">
            Slice columns (comma-separated input or context fields)
            <input name="columns" defaultValue={(cols.data ?? []).join(', ')} className="w-96 max-w-full rounded border border-slate-300 px-2 py-1" />
          </label>
          <button type="submit" disabled={save.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
            Save slice columns
          </button>
          <button type="button" onClick={() => setEditing(false)} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            Cancel
          </button>
        </form>
      )}
      {(q.error ?? save.error) && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {(q.error ?? save.error)!.message}
        </p>
      )}
      {absent && <p className="text-sm text-amber-800">No prediction in this window carries “{column}” as an input or context field; pick another column.</p>}
      {q.data && (
        <>
          <p className="text-xs text-slate-600">
            From the newest {q.data.sampled.toLocaleString()} predictions of the window (at most {q.data.sampleLimit.toLocaleString()}).
            {q.data.groupsPooled > 0 && ` ${q.data.groupsDistinct.toLocaleString()} groups: the largest are shown, ${q.data.groupsPooled.toLocaleString()} pooled as "(other)".`}
          </p>
          <div className="grid grid-cols-1 gap-4 2xl:grid-cols-2">
            <div className="overflow-x-auto rounded border border-slate-200 bg-white">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Groups of {column}</caption>
                <thead className="bg-slate-100 text-slate-600">
                  <tr>
                    <th scope="col" className="px-3 py-2">{column}</th>
                    <th scope="col" className="px-3 py-2">n</th>
                    <th scope="col" className="px-3 py-2">Selection rate</th>
                    <th scope="col" className="px-3 py-2">Mean score</th>
                    <th scope="col" className="px-3 py-2">Drifted features</th>
                    <th scope="col" className="px-3 py-2">Labelled</th>
                    <th scope="col" className="px-3 py-2">AUC</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.groups.map((g) => (
                    <tr key={g.group} className="border-t border-slate-100" data-testid="slice-row">
                      <th scope="row" className="px-3 py-2 text-left font-medium">{g.group}</th>
                      <td className="px-3 py-2 tabular-nums">{g.n.toLocaleString()}</td>
                      <td className="px-3 py-2 tabular-nums">{fmtPct(g.selectionRate)}</td>
                      <td className="px-3 py-2 tabular-nums">{fmtStat(g.meanScore)}</td>
                      <td className="px-3 py-2">{g.drift && g.drift.tested === 0 ? 'not enough data' : g.driftedFeatures.join(', ') || 'none'}</td>
                      <td className="px-3 py-2 tabular-nums">{g.labelled.toLocaleString()}</td>
                      <td className="px-3 py-2 tabular-nums">{g.performance ? fmtStat(g.performance.auc) : 'not enough labels'}</td>
                    </tr>
                  ))}
                  {q.data.groups.length === 0 && (
                    <tr>
                      <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                        No predictions in this window.
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
            {bars && bars.bars.length > 0 && <MonitoringSlicesChart column={column} bars={bars.bars} hidden={bars.hidden} />}
          </div>
        </>
      )}
    </section>
  );
}
