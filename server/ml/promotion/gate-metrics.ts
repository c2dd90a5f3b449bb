// Which metrics a gate may name, per task, and which way each is better. A model has one task
// (server/services/models/register-version.ts), so its policy's gates are checked against it:
// when the policy is saved (once the model has a version) and again when an evaluation runs.
//   overall gates  the evaluation's scalar metrics of the version (server/services/promotions/
//                  evaluate.ts: binaryMetrics, multiclassMetrics, regressionMetrics)
//   slice gates    a figure every group of a sensitive attribute has in that task's fairness
//                  report (server/ml/fairness: report.ts, multiclass-report.ts, regression-report.ts)
import type { Task } from '../onnx/signature';
import { DEFAULT_GATES, type MetricThreshold } from './gates';

export const OVERALL_GATE_METRICS = {
  binary: ['auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1'],
  multiclass: ['accuracy', 'log_loss', 'macro_f1', 'micro_f1', 'weighted_f1', 'auc_ovr_macro'],
  regression: ['rmse', 'mae', 'r2'],
} as const satisfies Record<Task, readonly string[]>;

// Binary slice gates keep the choices they always had (a group report has auc, accuracy,
// precision and tpr; the others read as undefined and leave the gate pending).
export const SLICE_GATE_METRICS = {
  binary: ['auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1'],
  multiclass: ['accuracy'],
  regression: ['mae', 'rmse'],
} as const satisfies Record<Task, readonly string[]>;

/** Every metric any task's gate may name (the policy schema's enum). */
export const ALL_GATE_METRICS = [...new Set([...Object.values(OVERALL_GATE_METRICS).flat(), ...Object.values(SLICE_GATE_METRICS).flat()])] as [string, ...string[]];

/** Errors and losses: a smaller value is a better model. Every other gate metric: larger is better. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['log_loss', 'brier', 'rmse', 'mae']);

export function greaterIsBetter(metric: string): boolean {
  return !LOWER_IS_BETTER.has(metric);
}

/**
 * Defaults per task, each "may be at most this much worse than the incumbent":
 *   binary      AUC −0.01, log-loss +5 %; each slice's AUC −0.05
 *   multiclass  macro F1 −0.01, log-loss +5 %; each slice's accuracy −0.05
 *   regression  RMSE +5 % (rmse ≤ incumbent × 1.05), MAE +5 %; each slice's MAE +10 %
 */
export const DEFAULT_TASK_GATES: Record<Task, { overall: MetricThreshold[]; slice: MetricThreshold[] }> = {
  binary: DEFAULT_GATES,
  multiclass: {
    overall: [
      { metric: 'macro_f1', greater_is_better: true, min_absolute_change: -0.01 },
      { metric: 'log_loss', greater_is_better: false, min_relative_change: -0.05 },
    ],
    slice: [{ metric: 'accuracy', greater_is_better: true, min_absolute_change: -0.05 }],
  },
  regression: {
    overall: [
      { metric: 'rmse', greater_is_better: false, min_relative_change: -0.05 },
      { metric: 'mae', greater_is_better: false, min_relative_change: -0.05 },
    ],
    slice: [{ metric: 'mae', greater_is_better: false, min_relative_change: -0.1 }],
  },
};

export interface GateProblem {
  /** The field at fault, e.g. `gates.overall.1.metric`. */
  path: string;
  message: string;
}

/**
 * Problems of a task's gates: a metric the task's versions do not have (naming the ones they
 * do), or a direction that contradicts the metric's (an error gated as greater-is-better would
 * pass a worse model).
 */
export function gateProblems(task: Task, gates: { overall: readonly MetricThreshold[]; slice: readonly MetricThreshold[] }): GateProblem[] {
  const problems: GateProblem[] = [];
  for (const kind of ['overall', 'slice'] as const) {
    const allowed: readonly string[] = (kind === 'overall' ? OVERALL_GATE_METRICS : SLICE_GATE_METRICS)[task];
    gates[kind].forEach((g, i) => {
      if (!allowed.includes(g.metric)) {
        problems.push({ path: `gates.${kind}.${i}.metric`, message: `${kind} gate ${i + 1}: '${g.metric}' is not a metric of a ${task} model (${kind} gate metrics for ${task}: ${allowed.join(', ')})` });
      }
      if (g.greater_is_better !== greaterIsBetter(g.metric)) {
        problems.push({ path: `gates.${kind}.${i}.greater_is_better`, message: `${kind} gate ${i + 1}: ${g.metric} is ${greaterIsBetter(g.metric) ? 'higher' : 'lower'}-is-better, so greater_is_better must be ${greaterIsBetter(g.metric)}` });
      }
    });
  }
  return problems;
}
