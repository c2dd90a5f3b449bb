// The rollout plan editor's arithmetic: rows of "share %" and "minutes" as typed, to the
// server's plan (shares as fractions), with the same limits as server/services/promotions/policies.ts.

export interface PlanStep {
  share: number;
  minutes: number;
}

export interface PlanRow {
  percent: string;
  minutes: string;
}

/** The default plan (server DEFAULT_ROLLOUT): 10 % → 50 % → 100 %, 10 minutes each. */
export const DEFAULT_PLAN: PlanStep[] = [
  { share: 0.1, minutes: 10 },
  { share: 0.5, minutes: 10 },
  { share: 1, minutes: 10 },
];

export const MAX_STEPS = 10;
const MAX_MINUTES = 7 * 24 * 60;

export function planToRows(plan: readonly PlanStep[]): PlanRow[] {
  // Rounded to avoid 0.1 * 100 = 10.000000000000002 in the inputs.
  return plan.map((s) => ({ percent: String(Math.round(s.share * 100 * 1e6) / 1e6), minutes: String(s.minutes) }));
}

/** The plan, or the first problem in words (step numbers from 1). */
export function rowsToPlan(rows: readonly PlanRow[]): { plan: PlanStep[] } | { error: string } {
  if (rows.length === 0) return { error: 'The plan needs at least one step.' };
  if (rows.length > MAX_STEPS) return { error: `At most ${MAX_STEPS} steps.` };
  const plan: PlanStep[] = [];
  for (const [i, r] of rows.entries()) {
    const pct = Number(r.percent.trim());
    const min = Number(r.minutes.trim());
    if (r.percent.trim() === '' || !Number.isFinite(pct) || pct <= 0 || pct > 100) return { error: `Step ${i + 1}: the share must be more than 0 and at most 100 %.` };
    if (r.minutes.trim() === '' || !Number.isFinite(min) || min < 0.1 || min > MAX_MINUTES) return { error: `Step ${i + 1}: minutes must be between 0.1 and ${MAX_MINUTES}.` };
    if (plan.length && pct / 100 < plan[plan.length - 1].share) return { error: `Step ${i + 1}: a share lower than the step before would shrink the canary.` };
    if (plan.length && pct / 100 === plan[plan.length - 1].share) return { error: `Step ${i + 1}: the share must rise above the step before (merge equal steps into one).` };
    plan.push({ share: pct / 100, minutes: min });
  }
  return { plan };
}

/** "10% 10 min → 50% 10 min → 100% 10 min". */
export function planSummary(plan: readonly PlanStep[]): string {
  return plan.map((s) => `${Math.round(s.share * 1000) / 10}% ${s.minutes} min`).join(' → ');
}
