// The shadow evidence gate: does the candidate, scoring the same live requests as production,
// agree with it closely enough? Three figures, each against a threshold from the model's policy:
// the share of same decisions (score ≥ 0.5 on both or neither), the Pearson correlation of the
// scores, and the Jensen–Shannon distance between the two score distributions (5 bins of width
// 0.2, as canary analysis uses: PSI on fine bins explodes when two close models move mass
// between neighbouring bins). Agreement
// alone passes nonsense when nearly every score is below 0.5 (a low base rate): two unrelated
// scorers then "agree" 99.9 % of the time, which the correlation exposes.
import { z } from 'zod';
import type { GateResult, GateStatus } from './gates';

export const shadowThresholdsSchema = z.object({
  /** Paired requests needed before a verdict. */
  min_pairs: z.number().int().min(1).max(1_000_000),
  min_agreement: z.number().min(0).max(1),
  min_correlation: z.number().min(-1).max(1),
  /** Jensen–Shannon distance of candidate vs production scores (5 bins), in [0, 1]. */
  max_distance: z.number().min(0).max(1),
});
export type ShadowThresholds = z.infer<typeof shadowThresholdsSchema>;

export const DEFAULT_SHADOW_THRESHOLDS: ShadowThresholds = { min_pairs: 100, min_agreement: 0.9, min_correlation: 0.5, max_distance: 0.2 };

export interface PairStats {
  n: number;
  agreement: number | null;
  correlation: number | null;
  distance: number | null;
}

/** Share of same decisions and the Pearson correlation of paired scores (two-pass, so stable on tiny variances). */
export function pairedAgreement(candidate: ArrayLike<number>, production: ArrayLike<number>, threshold = 0.5): { agreement: number | null; correlation: number | null } {
  const n = candidate.length;
  if (n !== production.length) throw new Error('paired scores must have equal length');
  if (n === 0) return { agreement: null, correlation: null };
  let same = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    if (candidate[i] >= threshold === production[i] >= threshold) same++;
    mx += candidate[i];
    my += production[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = candidate[i] - mx;
    const dy = production[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Constant scores have no correlation; checked exactly (the mean's rounding leaves sxx ≈ 1e-33, not 0).
  const constant = (a: ArrayLike<number>) => Array.prototype.every.call(a, (v: number) => v === a[0]);
  return { agreement: same / n, correlation: constant(candidate) || constant(production) ? null : sxy / Math.sqrt(sxx * syy) };
}

/** The gate verdict with one line per figure; pending until min_pairs pairs were seen. */
export function shadowGate(s: PairStats, t: ShadowThresholds): { status: GateStatus; gates: GateResult[] } {
  if (s.n < t.min_pairs) {
    return { status: 'pending', gates: [{ gate: 'shadow pairs', status: 'pending', detail: `${s.n} paired requests; ${t.min_pairs} needed` }] };
  }
  const gates: GateResult[] = [
    figure('shadow agreement', s.agreement, (x) => x >= t.min_agreement, (x) => `same decisions ${(x * 100).toFixed(1)}% (at least ${(t.min_agreement * 100).toFixed(1)}%)`),
    figure('shadow correlation', s.correlation, (x) => x >= t.min_correlation, (x) => `score correlation ${x.toFixed(3)} (at least ${t.min_correlation})`),
    figure('shadow distribution', s.distance, (x) => x <= t.max_distance, (x) => `score distribution Jensen–Shannon distance ${x.toFixed(3)} (at most ${t.max_distance})`),
  ];
  const status: GateStatus = gates.some((g) => g.status === 'fail') ? 'fail' : gates.some((g) => g.status === 'pending') ? 'pending' : 'pass';
  return { status, gates };
}

function figure(gate: string, value: number | null, ok: (x: number) => boolean, text: (x: number) => string): GateResult {
  // A constant score (zero variance) has no correlation: that is a failure, not a pass.
  if (value === null || !Number.isFinite(value)) return { gate, status: gate === 'shadow correlation' ? 'fail' : 'pending', detail: `${gate.replace('shadow ', '')}: not defined (constant scores?)`, candidate: null };
  return { gate, status: ok(value) ? 'pass' : 'fail', detail: text(value), candidate: value };
}
