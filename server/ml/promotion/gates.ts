// Promotion gates: the arithmetic that decides whether a candidate may replace the incumbent.
//
// Metric gates follow MLflow's MetricThreshold: `threshold` (the candidate's value must be at
// least / at most it), `min_absolute_change` and `min_relative_change` (the candidate's
// improvement over the baseline must be at least these; a negative value is a tolerance: the
// candidate may be that much worse), `greater_is_better`. Improvement is candidate − baseline
// when greater is better, baseline − candidate otherwise; relative improvement divides by
// |baseline|. A gate whose figure is missing (null) on either side is `pending`, not passed.
import { PARITY_HIGH, PARITY_LOW, type FairnessReport } from '../fairness/report';

export interface MetricThreshold {
  metric: string;
  greater_is_better: boolean;
  threshold?: number | null;
  min_absolute_change?: number | null;
  min_relative_change?: number | null;
}

/** A fairness report of any task: one entry per group, figures as numeric fields. */
export interface GroupedReport {
  groups: { group: string }[];
}

export type GateStatus = 'pass' | 'fail' | 'pending';

export interface GateResult {
  gate: string;
  status: GateStatus;
  /** What was compared, for the checklist. */
  detail: string;
  candidate?: number | null;
  baseline?: number | null;
}

/** Defaults: AUC may drop at most 0.01; log-loss may rise at most 5 %; every slice's AUC at most 0.05 below the incumbent's. */
export const DEFAULT_GATES: { overall: MetricThreshold[]; slice: MetricThreshold[] } = {
  overall: [
    { metric: 'auc', greater_is_better: true, min_absolute_change: -0.01 },
    { metric: 'log_loss', greater_is_better: false, min_relative_change: -0.05 },
  ],
  slice: [{ metric: 'auc', greater_is_better: true, min_absolute_change: -0.05 }],
};

const f = (x: number) => (Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(2) : x.toFixed(4));

export function checkThreshold(t: MetricThreshold, candidate: number | null | undefined, baseline: number | null | undefined, label = t.metric): GateResult {
  const c = candidate ?? null;
  const b = baseline ?? null;
  if (c === null) return { gate: label, status: 'pending', detail: `${t.metric} of the candidate is undefined`, candidate: c, baseline: b };
  const failures: string[] = [];
  if (t.threshold !== undefined && t.threshold !== null) {
    const ok = t.greater_is_better ? c >= t.threshold : c <= t.threshold;
    if (!ok) failures.push(`${t.metric} ${f(c)} is ${t.greater_is_better ? 'below' : 'above'} the threshold ${f(t.threshold)}`);
  }
  const needsBaseline = (t.min_absolute_change ?? null) !== null || (t.min_relative_change ?? null) !== null;
  if (needsBaseline) {
    if (b === null) return { gate: label, status: 'pending', detail: `no ${t.metric} for the incumbent to compare with`, candidate: c, baseline: b };
    const improvement = t.greater_is_better ? c - b : b - c;
    if (t.min_absolute_change !== undefined && t.min_absolute_change !== null && improvement < t.min_absolute_change - 1e-12) {
      failures.push(`${t.metric} ${f(c)} vs incumbent ${f(b)}: change ${f(improvement)} is below the minimum ${f(t.min_absolute_change)}`);
    }
    if (t.min_relative_change !== undefined && t.min_relative_change !== null) {
      if (b === 0) failures.push(`${t.metric}: relative change undefined (incumbent is 0)`);
      else {
        const rel = improvement / Math.abs(b);
        if (rel < t.min_relative_change - 1e-12) failures.push(`${t.metric} ${f(c)} vs incumbent ${f(b)}: relative change ${(rel * 100).toFixed(2)}% is below the minimum ${(t.min_relative_change * 100).toFixed(2)}%`);
      }
    }
  }
  return {
    gate: label,
    status: failures.length ? 'fail' : 'pass',
    detail: failures.length ? failures.join('; ') : `${t.metric} ${f(c)}${b !== null ? ` vs incumbent ${f(b)}` : ''}`,
    candidate: c,
    baseline: b,
  };
}

/** Disparity gate: every non-null disparity of every group within the four-fifths band. */
export function checkDisparity(attribute: string, report: FairnessReport): GateResult {
  const bad = report.groups.filter((g) => !g.parity_ok);
  const detail = bad.length
    ? bad
        .map((g) => {
          const out = Object.entries(g.disparity).filter(([, v]) => v !== null && (v < PARITY_LOW || v > PARITY_HIGH));
          return `${attribute}=${g.group}: ${out.map(([k, v]) => `${k} ${(v as number).toFixed(3)}`).join(', ')} outside [${PARITY_LOW}, ${PARITY_HIGH}] vs ${report.reference_group}`;
        })
        .join('; ')
    : `all groups of ${attribute} within [${PARITY_LOW}, ${PARITY_HIGH}] (reference ${report.reference_group})`;
  return { gate: `disparity: ${attribute}`, status: bad.length ? 'fail' : 'pass', detail };
}

/** Per-slice metric gates: each group's metric against the incumbent's same group (any task's report: binary, multiclass, regression). */
export function checkSlices(attribute: string, t: MetricThreshold, candidate: GroupedReport, incumbent: GroupedReport | null): GateResult[] {
  return candidate.groups.map((g) => {
    const base = incumbent?.groups.find((x) => x.group === g.group);
    const value = (r: { group: string }) => {
      const v = (r as unknown as Record<string, unknown>)[t.metric];
      return typeof v === 'number' ? v : null;
    };
    return checkThreshold(t, value(g), base ? value(base) : null, `slice ${attribute}=${g.group}: ${t.metric}`);
  });
}

/** The overall verdict: fail if any gate fails; pending if any is pending; else pass. */
export function verdict(results: GateResult[]): GateStatus {
  if (results.some((r) => r.status === 'fail')) return 'fail';
  if (results.some((r) => r.status === 'pending')) return 'pending';
  return 'pass';
}
