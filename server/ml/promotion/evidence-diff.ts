// The retrain evidence diff: the candidate's metrics beside the incumbent's (golden set and each
// model's own validation split), and every gate with its change. Pure.
import { LOWER_IS_BETTER } from './gate-metrics';
import type { GateResult } from './gates';

/**
 * Metrics shown, in this order: binary, then multiclass, then regression ones (a side has only its
 * task's, so only those appear). Counts like n and positive_rate describe the data, not the model;
 * mean_residual has no better direction (closer to 0 is), so it is left to the evaluation page.
 */
export const DIFF_METRICS = ['auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1', 'macro_f1', 'micro_f1', 'weighted_f1', 'auc_ovr_macro', 'rmse', 'mae', 'r2'] as const;

export interface MetricDiff {
  metric: string;
  candidate: number | null;
  incumbent: number | null;
  /** candidate − incumbent, when both are known. */
  delta: number | null;
  /** Whether the change is an improvement; null when there is no change to judge. */
  better: boolean | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function metricDiff(candidate: Record<string, unknown> | null | undefined, incumbent: Record<string, unknown> | null | undefined): MetricDiff[] {
  return DIFF_METRICS.filter((m) => num(candidate?.[m]) !== null || num(incumbent?.[m]) !== null).map((metric) => {
    const c = num(candidate?.[metric]);
    const i = num(incumbent?.[metric]);
    const delta = c !== null && i !== null ? c - i : null;
    return { metric, candidate: c, incumbent: i, delta, better: delta === null || delta === 0 ? null : LOWER_IS_BETTER.has(metric) ? delta < 0 : delta > 0 };
  });
}

export interface GateDiff {
  gate: string;
  status: GateResult['status'];
  candidate: number | null;
  incumbent: number | null;
  delta: number | null;
  detail: string;
}

/** Every gate, failed first, then could-not-check, then passed; each keeps its evaluation order within. */
export function gateDiff(gates: GateResult[]): GateDiff[] {
  const rank = { fail: 0, pending: 1, pass: 2 } as Record<string, number>;
  return gates
    .map((g, i) => ({ g, i }))
    .sort((a, b) => (rank[a.g.status] ?? 3) - (rank[b.g.status] ?? 3) || a.i - b.i)
    .map(({ g }) => {
      const c = num(g.candidate);
      const b = num(g.baseline);
      return { gate: g.gate, status: g.status, candidate: c, incumbent: b, delta: c !== null && b !== null ? c - b : null, detail: g.detail };
    });
}
