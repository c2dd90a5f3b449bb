// Final metrics of a multiclass or regression run: held-out estimate next to the final model's
// training-set numbers, per-class one-vs-rest AUC (multiclass), and the ONNX parity figures.
import { fmtMetric } from './format';
import { metricValue, TASK_METRIC_ROWS, type TaskTrainingMetrics } from './task-metrics';

export function TaskMetricsTable({ metrics }: { metrics: TaskTrainingMetrics }) {
  const v = metrics.validation;
  const rows = TASK_METRIC_ROWS[metrics.task];
  const classes = 'classes' in metrics.training ? metrics.training.classes : null;
  const aucOf = (m: object | undefined, c: string) => ((m as { auc_ovr?: Record<string, number | null> } | undefined)?.auc_ovr?.[c] ?? null);
  return (
    <div className="flex flex-col gap-3">
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="run-metrics" data-task={metrics.task}>
          <caption className="sr-only">Final metrics ({metrics.task})</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Metric</th>
              <th scope="col" className="px-3 py-2">Validation (held-out {v ? `${v.split.validation_rows} rows` : 'split'})</th>
              <th scope="col" className="px-3 py-2">Training (final model, {metrics.training.n} rows)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((k) => (
              <tr key={k} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-1.5 font-mono font-normal">
                  {k}
                </th>
                <td className="px-3 py-1.5 tabular-nums">{fmtMetric(metricValue(v?.metrics, k))}</td>
                <td className="px-3 py-1.5 tabular-nums">{fmtMetric(metricValue(metrics.training, k))}</td>
              </tr>
            ))}
            {classes?.map((c) => (
              <tr key={`auc:${c}`} className="border-t border-slate-100" data-testid="class-auc">
                <th scope="row" className="px-3 py-1.5 font-normal">
                  <span className="font-mono">auc</span> {c} <span className="text-slate-500">(one vs rest)</span>
                </th>
                <td className="px-3 py-1.5 tabular-nums">{fmtMetric(aucOf(v?.metrics, c))}</td>
                <td className="px-3 py-1.5 tabular-nums">{fmtMetric(aucOf(metrics.training, c))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!v && <p className="text-sm text-amber-700">No validation metrics: too few rows to hold any out.</p>}
      <p className="text-xs text-slate-500">{metrics.note}</p>
      <dl className="flex flex-wrap gap-6 rounded border border-slate-200 bg-white p-3 text-sm" aria-label="ONNX parity">
        <div>
          <dt className="text-xs uppercase text-slate-500">Parity rows</dt>
          <dd className="tabular-nums">{metrics.parity.rows}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Max |feature diff|</dt>
          <dd className="tabular-nums">{metrics.parity.max_abs_feature_diff.toExponential(2)}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Max |{metrics.parity.output} diff|</dt>
          <dd className="tabular-nums">{metrics.parity.max_output_diff.toExponential(2)}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Tolerance</dt>
          <dd className="tabular-nums">{metrics.parity.tolerance.toExponential(2)}</dd>
        </div>
      </dl>
    </div>
  );
}
