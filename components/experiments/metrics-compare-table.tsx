'use client';
// Final metrics of the compared runs, validation (holdout split) then training (all rows); the
// best value of each row is marked in text and bold. The rows are the metrics of the tasks the
// runs train (binary first), so runs of one task show only their task's metrics.
import { bestIndices, METRIC_DIRECTION } from '../charts/prepare/best-value';
import { fmtMetric } from '../runs/format';
import { compareMetricRows, metricValue, type CompareMetrics } from '../runs/task-metrics';

export function MetricsCompareTable({ runNames, metrics }: { runNames: string[]; metrics: (CompareMetrics | null)[] }) {
  const METRICS = compareMetricRows(metrics);
  const sections = [
    { title: 'Validation (held-out split)', values: metrics.map((m) => m?.validation?.metrics ?? null) },
    { title: 'Training (final model, all rows)', values: metrics.map((m) => m?.training ?? null) },
  ];
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="metrics-compare">
        <caption className="sr-only">Metrics of the compared runs; the best value per row is marked</caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Metric</th>
            {runNames.map((n, i) => (
              <th key={i} scope="col" className="px-3 py-2">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        {sections.map((s) => (
          <tbody key={s.title}>
            <tr className="bg-slate-50">
              <th scope="colgroup" colSpan={runNames.length + 1} className="px-3 py-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
                {s.title}
              </th>
            </tr>
            {METRICS.map((k) => {
              const values = s.values.map((m) => metricValue(m, k));
              const best = new Set(bestIndices(values, METRIC_DIRECTION[k]));
              const dir = METRIC_DIRECTION[k];
              return (
                <tr key={k} className="border-t border-slate-100">
                  <th scope="row" className="px-3 py-1.5 font-mono font-normal">
                    {k}
                    {dir && ' '}
                    {dir && <span className="ml-1 text-xs text-slate-400">({dir === 'max' ? 'higher is better' : 'lower is better'})</span>}
                  </th>
                  {values.map((v, i) => (
                    <td key={i} className={`px-3 py-1.5 tabular-nums ${best.has(i) ? 'font-bold text-green-800' : ''}`} data-best={best.has(i) ? 'true' : undefined}>
                      {fmtMetric(v)}
                      {best.has(i) && ' '}
                      {best.has(i) && <span className="ml-1 text-xs">★ best</span>}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        ))}
      </table>
    </div>
  );
}
