'use client';
// Rows of rollout steps (share of traffic, minutes at that share), added and removed by hand.
import type { PlanRow } from './plan';
import { MAX_STEPS } from './plan';

export function PlanEditor({ rows, onChange, label = 'Rollout plan' }: { rows: PlanRow[]; onChange: (rows: PlanRow[]) => void; label?: string }) {
  const set = (i: number, patch: Partial<PlanRow>) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-2 text-sm">
      <legend className="mb-1 font-medium">{label}</legend>
      <ol className="flex flex-col gap-2">
        {rows.map((r, i) => (
          <li key={i} className="flex flex-wrap items-end gap-2" data-testid="plan-step">
            <span className="w-14 text-slate-500">Step {i + 1}</span>
            <label className="flex flex-col gap-1">
              Share of traffic, step {i + 1} (%)
              <input type="number" min={0} max={100} step="any" required value={r.percent} onChange={(e) => set(i, { percent: e.target.value })} className="w-28 rounded border border-slate-300 px-2 py-1 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-400" />
            </label>
            <label className="flex flex-col gap-1">
              Minutes, step {i + 1}
              <input type="number" min={0.1} step="any" required value={r.minutes} onChange={(e) => set(i, { minutes: e.target.value })} className="w-24 rounded border border-slate-300 px-2 py-1 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-400" />
            </label>
            <button type="button" onClick={() => onChange(rows.filter((_, k) => k !== i))} disabled={rows.length === 1} className="rounded border px-2 py-1 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-transparent">
              Remove step {i + 1}
            </button>
          </li>
        ))}
      </ol>
      <div>
        <button type="button" onClick={() => onChange([...rows, { percent: '100', minutes: '10' }])} disabled={rows.length >= MAX_STEPS} className="rounded border px-2 py-1 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-transparent">
          Add step
        </button>
      </div>
    </fieldset>
  );
}
