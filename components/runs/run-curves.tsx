'use client';
// A run's live per-iteration curves and, once finished, its held-out ROC / PR / calibration.
import { CurveChart } from '../charts/curve-chart';
import { calibrationPoints, overlaySeries, prPoints, referenceDiagonal, rocPoints, runStepSeries, type StepRow } from '../charts/prepare/curve-overlay';
import { externalStepCharts } from '../charts/prepare/external-steps';
import { taskStepCharts } from '../charts/prepare/task-steps';
import type { TrainingMetrics } from './run-types';

export function RunStepCurves({ steps }: { steps: StepRow[] }) {
  const s = runStepSeries(steps);
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="step-curves">
      <CurveChart title="Loss per iteration" series={s.loss} xLabel="iteration" yLabel="log-loss" empty="No iterations yet." />
      <CurveChart title="AUC per iteration" series={s.auc} xLabel="iteration" yLabel="AUC" empty="No iterations yet." />
    </div>
  );
}

export function RunEvaluationCurves({ metrics }: { metrics: TrainingMetrics }) {
  const c = metrics.validation?.curves;
  if (!c) return null;
  const one = (name: string, points: ReturnType<typeof rocPoints>) => overlaySeries([{ key: 'run', name, points }]);
  const roc = one('validation', rocPoints(c.roc));
  const cal = one('validation', calibrationPoints(c.calibration));
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
      <CurveChart title="ROC (validation)" series={roc.length ? [...roc, referenceDiagonal('chance')] : []} xLabel="false-positive rate" yLabel="true-positive rate" unitSquare empty="No ROC curve: one class in the split." />
      <CurveChart title="Precision–recall (validation)" series={one('validation', prPoints(c.pr))} xLabel="recall" yLabel="precision" unitSquare empty="No PR curve: no positive rows in the split." />
      <CurveChart title="Calibration (validation)" series={cal.length ? [...cal, referenceDiagonal('perfectly calibrated')] : []} xLabel="mean predicted probability" yLabel="share of 1s" unitSquare />
    </div>
  );
}

/** A run trained outside Vigil: one chart per metric its script logged, live while it runs. */
export function ExternalStepCurves({ steps }: { steps: StepRow[] }) {
  const charts = externalStepCharts(steps);
  if (charts.length === 0) return <p className="text-sm text-slate-500" data-testid="step-curves">No metrics logged yet.</p>;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="step-curves">
      {charts.map((c) => (
        <CurveChart key={c.metric} title={c.metric} series={c.series} xLabel="step" yLabel={c.metric} />
      ))}
    </div>
  );
}

/** A multiclass or regression run: one chart per step metric its trainer reports, both fits overlaid. */
export function TaskStepCurves({ steps }: { steps: StepRow[] }) {
  const charts = taskStepCharts(steps);
  if (charts.length === 0) return <p className="text-sm text-slate-500" data-testid="step-curves">No iterations yet.</p>;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="step-curves">
      {charts.map((c) => (
        <CurveChart key={c.metric} title={`${c.metric} per iteration`} series={c.series} xLabel="iteration" yLabel={c.metric} />
      ))}
    </div>
  );
}
