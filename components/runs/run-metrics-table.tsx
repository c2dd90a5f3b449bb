// Final metrics: the held-out estimate next to the final model's training-set numbers, and the
// ONNX parity figures (served graph vs the evaluated batch path).
import { fmtMetric } from './format';
import type { TrainingMetrics } from './run-types';

const ROWS = ['auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1', 'positive_rate', 'n'] as const;

export function RunMetricsTable({ metrics }: { metrics: TrainingMetrics }) {
  const v = metrics.validation;
  return (
    <div className="flex flex-col gap-3">
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="run-metrics">
          <caption className="sr-only">Final metrics</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Metric</th>
              <th scope="col" className="px-3 py-2">Validation (held-out {v ? `${v.split.validation_rows} rows` : 'split'})</th>
              <th scope="col" className="px-3 py-2">Training (final model, {metrics.training.n} rows)</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map((k) => (
              <tr key={k} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-1.5 font-mono font-normal">
                  {k}
                </th>
                <td className="px-3 py-1.5 tabular-nums">{fmtMetric(v?.metrics[k])}</td>
                <td className="px-3 py-1.5 tabular-nums">{fmtMetric(metrics.training[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!v && <p className="text-sm text-amber-700">No validation metrics: a class has fewer than 2 rows, so no holdout split was possible.</p>}
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
          <dt className="text-xs uppercase text-slate-500">Max |probability diff|</dt>
          <dd className="tabular-nums">{metrics.parity.max_abs_probability_diff.toExponential(2)}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Tolerance</dt>
          <dd className="tabular-nums">{metrics.parity.tolerance.toExponential(2)}</dd>
        </div>
      </dl>
    </div>
  );
}
