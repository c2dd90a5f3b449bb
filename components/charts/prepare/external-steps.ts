// Charts of a run trained outside Vigil: its script names its own metrics, so there is one chart
// per metric name (each on its own scale), in the order the names first appear by step.
import { overlaySeries, stepPoints, type Series, type StepRow } from './curve-overlay';

/** The phase external runs' step metrics are stored under (server/services/runs/external-runs.ts). */
export const EXTERNAL_PHASE = 'external';

export function externalStepCharts(steps: readonly StepRow[]): { metric: string; series: Series[] }[] {
  const names: string[] = [];
  const ordered = steps.filter((s) => s.phase === EXTERNAL_PHASE).sort((a, b) => a.step - b.step);
  for (const s of ordered) for (const k of Object.keys(s.metrics)) if (!names.includes(k)) names.push(k);
  return names.map((metric) => ({ metric, series: overlaySeries([{ key: metric, name: metric, points: stepPoints(ordered, EXTERNAL_PHASE, metric) }]) }));
}
