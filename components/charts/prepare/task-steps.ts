// Step charts of a multiclass or regression run: its trainer names its own step metrics (loss,
// and per trainer e.g. valid_loss, objective), so one chart per metric name, the holdout and final
// fits overlaid, names in the order they first appear.
import { overlaySeries, stepPoints, type Series, type StepRow } from './curve-overlay';

const PHASES = ['holdout', 'final'] as const;

export function taskStepCharts(steps: readonly StepRow[]): { metric: string; series: Series[] }[] {
  const names: string[] = [];
  for (const s of [...steps].sort((a, b) => a.step - b.step)) for (const k of Object.keys(s.metrics)) if (!names.includes(k)) names.push(k);
  return names.map((metric) => ({
    metric,
    series: overlaySeries(PHASES.map((phase) => ({ key: phase, name: phase === 'holdout' ? 'holdout fit' : 'final fit', points: stepPoints(steps, phase, metric) }))),
  }));
}
