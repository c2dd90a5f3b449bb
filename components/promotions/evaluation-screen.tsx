'use client';
// /promotions/evaluations/[id]: the candidate against the incumbent on the golden set — metrics,
// ROC / PR / calibration overlaid, confusion matrices at the decision threshold, and the gates.
// Multiclass and regression evaluations show their task's figures (task-evaluation-panels.tsx).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { CurveChart } from '@/components/charts/curve-chart';
import { calibrationPoints, overlaySeries, prPoints, referenceDiagonal, rocPoints } from '@/components/charts/prepare/curve-overlay';
import { useTRPC } from '@/lib/trpc';
import type { GateResult } from '@/server/ml/promotion/gates';
import type { BinaryMetrics, CalibrationCurve, ConfusionMatrix, PrCurve, RocCurve } from '@/server/ml/metrics';
import { StatusBadge } from './status-badge';
import { MulticlassEvaluation, RegressionEvaluation, type TaskSide } from './task-evaluation-panels';

interface Side {
  version: number;
  metrics: BinaryMetrics;
  confusion: ConfusionMatrix;
  curves: { roc: RocCurve | null; pr: PrCurve | null; calibration: CalibrationCurve };
}
interface Result {
  /** Absent for binary (the result's shape predates tasks). */
  task?: 'multiclass' | 'regression';
  rows: number;
  skipped: number;
  candidate: Side;
  incumbent: Side | null;
  gates: GateResult[];
}

const METRICS = ['auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1', 'positive_rate'] as const;
const f = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(4));

function Confusion({ side, label }: { side: Side; label: string }) {
  const c = side.confusion;
  return (
    <table className="text-sm" data-testid="confusion-matrix">
      <caption className="mb-1 text-left font-medium">
        {label} v{side.version}: confusion matrix
      </caption>
      <thead>
        <tr>
          <td />
          <th scope="col" className="px-3 py-1 font-normal text-slate-500">predicted 1</th>
          <th scope="col" className="px-3 py-1 font-normal text-slate-500">predicted 0</th>
        </tr>
      </thead>
      <tbody className="font-mono">
        <tr>
          <th scope="row" className="px-3 py-1 text-left font-normal text-slate-500">actual 1</th>
          <td className="border px-3 py-1 text-right">{c.tp}</td>
          <td className="border px-3 py-1 text-right">{c.fn}</td>
        </tr>
        <tr>
          <th scope="row" className="px-3 py-1 text-left font-normal text-slate-500">actual 0</th>
          <td className="border px-3 py-1 text-right">{c.fp}</td>
          <td className="border px-3 py-1 text-right">{c.tn}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** A multiclass or regression result's sides (their stored shape, see evaluation-summary.ts). */
const taskSides = (r: Result) => [r.candidate, r.incumbent].filter((x) => !!x) as unknown as TaskSide[];

export function EvaluationScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.evaluations.get.queryOptions({ id }), refetchInterval: (x) => (x.state.data && (x.state.data.status === 'queued' || x.state.data.status === 'running') ? 1000 : false) });
  if (q.error)
    return (
      <p role="alert" className="text-red-700">
        {q.error.message}
      </p>
    );
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const ev = q.data;
  const r = ev.result as Result | null;
  const sides = [r?.candidate, r?.incumbent].filter((s): s is Side => !!s);
  const name = (s: Side, i: number) => `${i === 0 ? 'candidate' : 'incumbent'} v${s.version}`;
  const series = (pts: (s: Side) => ReturnType<typeof rocPoints>) => overlaySeries(sides.map((s, i) => ({ key: `v${s.version}`, name: name(s, i), points: pts(s) })));

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <StatusBadge status={ev.status} testId="evaluation-status" />
        {ev.verdict && (
          <span>
            verdict <StatusBadge status={ev.verdict} testId="evaluation-verdict" />
          </span>
        )}
        {r && (
          <span className="text-slate-600">
            {r.rows} golden-set rows scored by every version{r.skipped ? ` (${r.skipped} skipped)` : ''}
          </span>
        )}
        <Link href="/promotions/policy" className="text-brand-700 underline">
          Policy and evaluations
        </Link>
      </div>
      {ev.error && (
        <p role="alert" className="text-red-700">
          {ev.error}
        </p>
      )}
      {r && (
        <>
          <section aria-labelledby="gates-title" className="flex flex-col gap-2">
            <h2 id="gates-title" className="text-lg font-semibold">
              Gates
            </h2>
            <table className="w-full rounded border border-slate-200 bg-white text-left text-sm">
              <thead className="bg-slate-100 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Gate</th>
                  <th scope="col" className="px-3 py-2">Result</th>
                  <th scope="col" className="px-3 py-2 text-right">Candidate</th>
                  <th scope="col" className="px-3 py-2 text-right">Incumbent</th>
                  <th scope="col" className="px-3 py-2">Detail</th>
                </tr>
              </thead>
              <tbody>
                {r.gates.map((g) => (
                  <tr key={g.gate} className="border-t border-slate-100 align-top" data-testid="evaluation-gate">
                    <td className="px-3 py-2 font-mono text-xs">{g.gate}</td>
                    <td className="px-3 py-2">
                      <StatusBadge status={g.status} />
                    </td>
                    <td className="px-3 py-2 text-right font-mono">{f(g.candidate)}</td>
                    <td className="px-3 py-2 text-right font-mono">{f(g.baseline)}</td>
                    <td className="px-3 py-2">{g.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {r.task === 'multiclass' && <MulticlassEvaluation sides={taskSides(r).filter((x) => x.task === 'multiclass')} />}
          {r.task === 'regression' && <RegressionEvaluation sides={taskSides(r).filter((x) => x.task === 'regression')} />}
          {!r.task && (
            <>
              <section aria-labelledby="metrics-title" className="flex flex-col gap-2">
                <h2 id="metrics-title" className="text-lg font-semibold">
                  Metrics
                </h2>
                <table className="max-w-xl rounded border border-slate-200 bg-white text-left text-sm">
                  <thead className="bg-slate-100 text-slate-600">
                    <tr>
                      <th scope="col" className="px-3 py-2">Metric</th>
                      {sides.map((s, i) => (
                        <th key={i} scope="col" className="px-3 py-2 text-right">
                          {name(s, i)}
                        </th>
                      ))}
                      {sides.length === 2 && <th scope="col" className="px-3 py-2 text-right">Difference</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {METRICS.map((m) => (
                      <tr key={m} className="border-t border-slate-100" data-testid={`metric-${m}`}>
                        <th scope="row" className="px-3 py-2 font-normal">{m}</th>
                        {sides.map((s, i) => (
                          <td key={i} className="px-3 py-2 text-right font-mono">
                            {f(s.metrics[m])}
                          </td>
                        ))}
                        {sides.length === 2 && (
                          <td className="px-3 py-2 text-right font-mono">{sides[0].metrics[m] !== null && sides[1].metrics[m] !== null ? f((sides[0].metrics[m] as number) - (sides[1].metrics[m] as number)) : '–'}</td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section aria-label="Curves" className="grid gap-4 lg:grid-cols-3">
                <CurveChart title="ROC curve" series={[...series((s) => rocPoints(s.curves.roc)), referenceDiagonal('chance')]} xLabel="false-positive rate" yLabel="true-positive rate" unitSquare />
                <CurveChart title="Precision–recall curve" series={series((s) => prPoints(s.curves.pr))} xLabel="recall" yLabel="precision" unitSquare />
                <CurveChart title="Calibration" series={[...series((s) => calibrationPoints(s.curves.calibration)), referenceDiagonal('perfectly calibrated')]} xLabel="mean predicted probability" yLabel="observed share of 1s" unitSquare />
              </section>
              <section aria-label="Confusion matrices" className="flex flex-wrap gap-8 rounded border border-slate-200 bg-white p-4">
                {sides.map((s, i) => (
                  <Confusion key={i} side={s} label={i === 0 ? 'Candidate' : 'Incumbent'} />
                ))}
              </section>
            </>
          )}
        </>
      )}
    </div>
  );
}
