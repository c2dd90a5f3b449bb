'use client';
// One retrain attempt's evidence against the incumbent: golden-set metrics side by side, every
// gate with its change (failed first), the validation scores of both runs, and the data's lineage.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(4));
const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(4)}`);
const GATE_STYLE: Record<string, string> = { fail: 'text-red-700', pending: 'text-amber-700', pass: 'text-green-700' };

type Metric = { metric: string; candidate: number | null; incumbent: number | null; delta: number | null; better: boolean | null };

function MetricTable({ caption, rows, candidate, incumbent }: { caption: string; rows: Metric[]; candidate: string; incumbent: string }) {
  return (
    <table className="text-left text-xs">
      <caption className="pb-1 text-left font-medium text-slate-700">{caption}</caption>
      <thead className="text-slate-500">
        <tr>
          <th scope="col" className="pr-4">Metric</th>
          <th scope="col" className="pr-4">{candidate}</th>
          <th scope="col" className="pr-4">{incumbent}</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.metric}>
            <th scope="row" className="pr-4 font-normal">{r.metric}</th>
            <td className="pr-4 tabular-nums">{fmt(r.candidate)}</td>
            <td className="pr-4 tabular-nums">{fmt(r.incumbent)}</td>
            <td className={`tabular-nums ${r.better === true ? 'text-green-700' : r.better === false ? 'text-red-700' : ''}`}>{signed(r.delta)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RetrainEvidenceDiff({ attemptId }: { attemptId: string }) {
  const trpc = useTRPC();
  const ev = useQuery(trpc.retraining.evidence.queryOptions({ id: attemptId }));
  if (ev.error) return <p role="alert" className="text-xs text-red-700">{ev.error.message}</p>;
  if (!ev.data) return <p className="text-xs text-slate-500">Loading…</p>;
  const d = ev.data;
  const cand = d.golden?.candidateVersion ? `candidate v${d.golden.candidateVersion}` : 'candidate';
  const inc = d.golden?.incumbentVersion ? `production v${d.golden.incumbentVersion}` : 'production';
  return (
    <div className="flex flex-col gap-3 py-2" data-testid="retrain-evidence">
      {d.lineage && <p className="text-xs text-slate-600">Data: {d.lineage}</p>}
      {!d.golden && !d.validation && <p className="text-xs text-slate-500">No evaluation: the attempt was decided before one ran.</p>}
      <div className="flex flex-wrap gap-8">
        {d.golden && <MetricTable caption={`Golden set (${d.golden.rows} rows)`} rows={d.golden.metrics} candidate={cand} incumbent={inc} />}
        {d.validation && d.validation.length > 0 && <MetricTable caption="Own validation split" rows={d.validation} candidate={cand} incumbent={inc} />}
      </div>
      {d.golden && (
        <table className="text-left text-xs">
          <caption className="pb-1 text-left font-medium text-slate-700">Gates</caption>
          <thead className="text-slate-500">
            <tr>
              <th scope="col" className="pr-4">Gate</th>
              <th scope="col" className="pr-4">Result</th>
              <th scope="col" className="pr-4">{cand}</th>
              <th scope="col" className="pr-4">{inc}</th>
              <th scope="col" className="pr-4">Change</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {d.golden.gates.map((g) => (
              <tr key={g.gate} data-testid="retrain-gate">
                <th scope="row" className="pr-4 font-normal">{g.gate}</th>
                <td className={`pr-4 font-medium ${GATE_STYLE[g.status] ?? ''}`}>{g.status}</td>
                <td className="pr-4 tabular-nums">{fmt(g.candidate)}</td>
                <td className="pr-4 tabular-nums">{fmt(g.incumbent)}</td>
                <td className="pr-4 tabular-nums">{signed(g.delta)}</td>
                <td className="text-slate-600">{g.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
