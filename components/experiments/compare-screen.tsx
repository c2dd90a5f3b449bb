'use client';
// /experiments/compare?runs=a,b,c[&diff=1]: params, metrics and curves of several runs. Both the
// runs and the "only differences" toggle live in the URL, so the view can be shared.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { CurveChart } from '../charts/curve-chart';
import { diffParams } from '../charts/prepare/params-diff';
import { compareSeries, referenceDiagonal } from '../charts/prepare/curve-overlay';
import { isActive, trainingMetrics } from '../runs/run-types';
import { taskTrainingMetrics } from '../runs/task-metrics';
import { StatusBadge } from '../runs/status-badge';
import { MetricsCompareTable } from './metrics-compare-table';
import { ParamsDiffTable } from './params-diff-table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function CompareScreen() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const ids = [...new Set((params.get('runs') ?? '').split(',').filter((s) => UUID.test(s)))].slice(0, 20);
  // Local state answers the click at once; the URL follows for reloads and shared links.
  const [onlyDiff, setOnlyDiffState] = useState(() => params.get('diff') === '1');
  const q = useQuery(trpc.runs.compare.queryOptions({ ids }, { enabled: ids.length > 0, refetchInterval: (query) => (query.state.data?.some((r) => isActive(r.run.status)) ? 2000 : false) }));

  function setOnlyDiff(on: boolean) {
    setOnlyDiffState(on);
    const qs = new URLSearchParams(params);
    if (on) qs.set('diff', '1');
    else qs.delete('diff');
    router.replace(`${pathname}?${qs.toString()}`, { scroll: false });
  }

  if (ids.length === 0) return <p className="text-slate-600">Pick runs to compare from an experiment&apos;s runs table.</p>;
  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;

  const rows = q.data;
  const names = rows.map((r) => r.run.name);
  const metrics = rows.map((r) => trainingMetrics(r.run.metrics));
  // The metrics table takes every task's runs; curves are binary-only.
  const tableMetrics = rows.map((r, i) => metrics[i] ?? taskTrainingMetrics(r.run.metrics));
  const runSection = diffParams(rows.map((r) => ({ task: r.run.task, trainer: r.run.trainer, trainer_version: r.run.trainerVersion, seed: r.run.seed, target: r.run.target, dataset_version: r.run.datasetVersionId })));
  const paramSection = diffParams(rows.map((r) => r.run.params));
  const series = compareSeries(rows.map((r, i) => ({ id: r.run.id, name: r.run.name, curves: metrics[i]?.validation?.curves ?? null, steps: r.steps })));

  return (
    <div className="flex flex-col gap-6">
      {rows.length < ids.length && <p className="text-sm text-amber-700">{ids.length - rows.length} of the requested runs were not found.</p>}
      <ul className="flex flex-wrap gap-3 text-sm">
        {rows.map((r) => (
          <li key={r.run.id} className="flex items-center gap-2 rounded border border-slate-200 bg-white px-2 py-1">
            <Link href={`/runs/${r.run.id}`} className="text-brand-700 hover:underline">
              {r.run.name}
            </Link>
            <StatusBadge status={r.run.status} />
          </li>
        ))}
      </ul>
      <section aria-labelledby="cmp-params" className="flex flex-col gap-2">
        <div className="flex items-center gap-4">
          <h2 id="cmp-params" className="text-lg font-semibold">
            Params
          </h2>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} />
            Only differences
          </label>
        </div>
        <ParamsDiffTable runNames={names} onlyDifferences={onlyDiff} sections={[{ title: 'Run', rows: runSection }, { title: 'Trainer params', rows: paramSection }]} />
      </section>
      <section aria-labelledby="cmp-metrics" className="flex flex-col gap-2">
        <h2 id="cmp-metrics" className="text-lg font-semibold">
          Metrics
        </h2>
        <MetricsCompareTable runNames={names} metrics={tableMetrics} />
      </section>
      <section aria-labelledby="cmp-curves" className="flex flex-col gap-2">
        <h2 id="cmp-curves" className="text-lg font-semibold">
          Curves (validation split)
        </h2>
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 xl:grid-cols-3">
          <CurveChart title="ROC" series={[...series.roc, ...(series.roc.length ? [referenceDiagonal('chance')] : [])]} xLabel="false-positive rate" yLabel="true-positive rate" unitSquare empty="No ROC curve (runs not finished, or one class in the split)." />
          <CurveChart title="Precision–recall" series={series.pr} xLabel="recall" yLabel="precision" unitSquare empty="No PR curve yet." />
          <CurveChart title="Calibration" series={[...series.calibration, ...(series.calibration.length ? [referenceDiagonal('perfectly calibrated')] : [])]} xLabel="mean predicted probability" yLabel="share of 1s" unitSquare empty="No calibration curve yet." />
          <CurveChart title="Training loss per iteration" series={series.loss} xLabel="iteration" yLabel="log-loss" />
          <CurveChart title="Validation AUC per iteration" series={series.validAuc} xLabel="iteration" yLabel="AUC" />
        </div>
      </section>
    </div>
  );
}
