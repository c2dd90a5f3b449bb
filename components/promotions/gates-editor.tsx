'use client';
// Rows of MLflow-style MetricThreshold gates: metric, direction, and the optional threshold,
// minimum absolute change and minimum relative change (negative = a tolerated loss). The metric
// choices are the model's task's (server/ml/promotion/gate-metrics.ts); picking a metric sets
// its direction (lower is better for errors and losses), which the server checks too.
import { greaterIsBetter } from '@/server/ml/promotion/gate-metrics';

export { OVERALL_GATE_METRICS, SLICE_GATE_METRICS } from '@/server/ml/promotion/gate-metrics';

export interface GateRow {
  metric: string;
  greater_is_better: boolean;
  threshold: string;
  min_absolute_change: string;
  min_relative_change: string;
}

export interface Threshold {
  metric: string;
  greater_is_better: boolean;
  threshold?: number | null;
  min_absolute_change?: number | null;
  min_relative_change?: number | null;
}

const str = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
export const toGateRows = (ts: readonly { metric: string; greater_is_better: boolean; threshold?: number | null; min_absolute_change?: number | null; min_relative_change?: number | null }[]): GateRow[] =>
  ts.map((t) => ({ metric: t.metric, greater_is_better: t.greater_is_better, threshold: str(t.threshold), min_absolute_change: str(t.min_absolute_change), min_relative_change: str(t.min_relative_change) }));

/** The thresholds, or the first field that is not a number. */
export function fromGateRows(rows: readonly GateRow[], label: string): { gates: Threshold[] } | { error: string } {
  const gates: Threshold[] = [];
  for (const [i, r] of rows.entries()) {
    const out: Threshold = { metric: r.metric, greater_is_better: r.greater_is_better };
    for (const k of ['threshold', 'min_absolute_change', 'min_relative_change'] as const) {
      const s = r[k].trim();
      if (s === '') {
        out[k] = null;
        continue;
      }
      const v = Number(s);
      if (!Number.isFinite(v)) return { error: `${label} gate ${i + 1}: ${k.replace(/_/g, ' ')} must be a number.` };
      out[k] = v;
    }
    gates.push(out);
  }
  return { gates };
}

export function GatesEditor({ legend, rows, onChange, max, metrics }: { legend: string; rows: GateRow[]; onChange: (rows: GateRow[]) => void; max: number; metrics: readonly string[] }) {
  const set = (i: number, patch: Partial<GateRow>) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-2 text-sm">
      <legend className="mb-1 font-medium">{legend}</legend>
      {rows.map((r, i) => (
        <div key={i} className="flex flex-wrap items-end gap-2" data-testid="gate-editor-row">
          <label className="flex flex-col gap-1">
            {legend} {i + 1}: metric
            <select value={r.metric} onChange={(e) => set(i, { metric: e.target.value, greater_is_better: greaterIsBetter(e.target.value) })} className="rounded border border-slate-300 px-2 py-1 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-400">
              {!metrics.includes(r.metric) && <option value={r.metric}>{r.metric} (not a metric of this model)</option>}
              {metrics.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1 pb-1.5">
            <input type="checkbox" checked={r.greater_is_better} onChange={(e) => set(i, { greater_is_better: e.target.checked })} />
            greater is better
          </label>
          {(['threshold', 'min_absolute_change', 'min_relative_change'] as const).map((k) => (
            <label key={k} className="flex flex-col gap-1">
              {k.replace(/_/g, ' ')}
              <input value={r[k]} onChange={(e) => set(i, { [k]: e.target.value })} inputMode="decimal" placeholder="none" className="w-32 rounded border border-slate-300 px-2 py-1 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-400" />
            </label>
          ))}
          <button type="button" onClick={() => onChange(rows.filter((_, k) => k !== i))} className="rounded border px-2 py-1 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-transparent">
            Remove {legend.toLowerCase()} {i + 1}
          </button>
        </div>
      ))}
      <div>
        <button type="button" disabled={rows.length >= max} onClick={() => onChange([...rows, { metric: metrics[0], greater_is_better: greaterIsBetter(metrics[0]), threshold: '', min_absolute_change: '', min_relative_change: '' }])} className="rounded border px-2 py-1 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-transparent">
          Add {legend.toLowerCase()}
        </button>
      </div>
    </fieldset>
  );
}
