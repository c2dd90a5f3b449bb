// Alert rules: defaults created for every served model, and the evaluation of a rule against
// a window report. A rule whose window has fewer rows than its minimum keeps its state
// ("not enough data") rather than firing or resolving on noise.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { ALERT_METRICS, alertRules, type AlertRule } from '@/server/db/schema';
import type { WindowReport } from './window-report';

export const DEFAULT_RULES: Omit<typeof alertRules.$inferInsert, 'modelId'>[] = [
  { name: 'Input drift: half the features drifted', metric: 'drift_share', direction: 'above', threshold: 0.5, windowMinutes: 30, minSamples: 100, severity: 'critical', isDefault: true },
  { name: 'Missing values up 10 points on a feature', metric: 'missing_share_increase', direction: 'above', threshold: 0.1, windowMinutes: 30, minSamples: 100, severity: 'warning', isDefault: true },
  { name: 'Error rate above 5%', metric: 'error_rate', direction: 'above', threshold: 0.05, windowMinutes: 15, minSamples: 50, severity: 'critical', isDefault: true },
  { name: 'p99 latency above 500 ms', metric: 'p99_latency_ms', direction: 'above', threshold: 500, windowMinutes: 15, minSamples: 50, severity: 'warning', isDefault: true },
  { name: 'An input drifted strongly', metric: 'feature_drift', direction: 'above', threshold: 0.2, windowMinutes: 30, minSamples: 200, severity: 'warning', isDefault: true },
  { name: 'Model under-predicts: observed positives 5 points above mean score', metric: 'calibration_gap', direction: 'above', threshold: 0.05, windowMinutes: 60, minSamples: 200, severity: 'critical', isDefault: true },
  { name: 'Online AUC 0.05 below validation', metric: 'online_auc_drop', direction: 'above', threshold: 0.05, windowMinutes: 120, minSamples: 200, severity: 'critical', isDefault: true },
];

export async function ensureDefaultRules(db: DbOrTx, modelId: string): Promise<void> {
  const existing = await db.select({ id: alertRules.id }).from(alertRules).where(eq(alertRules.modelId, modelId)).limit(1);
  if (existing.length) return;
  await db.insert(alertRules).values(DEFAULT_RULES.map((r) => ({ ...r, modelId })));
}

export const ruleInput = z.object({
  name: z.string().trim().min(1).max(200),
  metric: z.enum(ALERT_METRICS),
  feature: z.string().max(200).nullable().optional(),
  direction: z.enum(['above', 'below']),
  threshold: z.number().finite(),
  windowMinutes: z.number().int().min(1).max(7 * 24 * 60),
  minSamples: z.number().int().min(1).max(10_000_000),
  severity: z.enum(['info', 'warning', 'critical']),
  enabled: z.boolean().default(true),
});

/**
 * Hysteresis: a firing alert resolves only once its figure is back past the threshold by 10 %
 * of the threshold, so a figure hovering at the line does not flap between firing and resolved.
 */
export function clearlyResolved(rule: AlertRule, value: number | null): boolean {
  if (value === null) return false;
  const margin = Math.abs(rule.threshold) * 0.1;
  return rule.direction === 'above' ? value < rule.threshold - margin : value > rule.threshold + margin;
}

export interface RuleOutcome {
  state: 'firing' | 'ok' | 'insufficient_data' | 'not_applicable';
  value: number | null;
  n: number;
  message: string;
  detail?: Record<string, unknown>;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function evaluateRule(rule: AlertRule, r: WindowReport): RuleOutcome {
  const crosses = (v: number) => (rule.direction === 'above' ? v >= rule.threshold : v <= rule.threshold);
  const window = `in the last ${rule.windowMinutes} min`;
  switch (rule.metric) {
    case 'drift_share': {
      const tested = r.features.filter((f) => f.status === 'ok');
      const n = Math.min(...r.features.map((f) => f.nNonMissing), Infinity);
      if (!r.drift || r.drift.driftShare === null || !tested.length) return { state: r.hasReference ? 'insufficient_data' : 'not_applicable', value: null, n: Number.isFinite(n) ? n : 0, message: r.hasReference ? 'not enough data' : 'no reference profile' };
      const v = r.drift.driftShare;
      return { state: crosses(v) ? 'firing' : 'ok', value: v, n, message: `input drift: ${r.drift.drifted} of ${r.drift.tested} features drifted (${pct(v)}) ${window}: ${r.drift.driftedFeatures.join(', ') || 'none'}`, detail: { driftedFeatures: r.drift.driftedFeatures } };
    }
    case 'feature_drift':
    case 'missing_share_increase': {
      const cands = r.features.filter((f) => (!rule.feature || f.feature === rule.feature) && f.n >= rule.minSamples);
      if (!cands.length) return { state: 'insufficient_data', value: null, n: 0, message: 'not enough data' };
      const val = (f: (typeof cands)[number]) => (rule.metric === 'feature_drift' ? (f.statistic ?? 0) : (f.missingShareIncrease ?? 0));
      const worst = cands.reduce((a, b) => (val(b) > val(a) ? b : a));
      const v = val(worst);
      const what = rule.metric === 'feature_drift' ? `drift of ${worst.feature} is ${v.toFixed(3)} (${worst.method})` : `missing share of ${worst.feature} is ${pct(worst.missingShare ?? 0)}, reference ${pct(worst.referenceMissingShare)}`;
      return { state: crosses(v) ? 'firing' : 'ok', value: v, n: worst.n, message: `${what} ${window}`, detail: { feature: worst.feature } };
    }
    case 'error_rate': {
      const n = r.service.predictions + r.service.rejected;
      if (n < rule.minSamples || r.service.errorRate === null) return { state: 'insufficient_data', value: null, n, message: 'not enough requests' };
      return { state: crosses(r.service.errorRate) ? 'firing' : 'ok', value: r.service.errorRate, n, message: `${pct(r.service.errorRate)} of ${n} requests failed or were rejected ${window}` };
    }
    case 'p99_latency_ms': {
      const n = r.service.predictions;
      if (n < rule.minSamples || r.service.p99 === null) return { state: 'insufficient_data', value: null, n, message: 'not enough requests' };
      return { state: crosses(r.service.p99) ? 'firing' : 'ok', value: r.service.p99, n, message: `p99 latency ${r.service.p99.toFixed(1)} ms ${window}` };
    }
    case 'online_auc_drop': {
      const auc = r.online.metrics?.auc ?? null;
      const ref = r.estimate.referenceAuc;
      if (r.online.n < rule.minSamples || auc === null || ref === null) return { state: 'insufficient_data', value: null, n: r.online.n, message: 'not enough labelled predictions' };
      const drop = ref - auc;
      return { state: crosses(drop) ? 'firing' : 'ok', value: drop, n: r.online.n, message: `online AUC ${auc.toFixed(3)} vs validation ${ref.toFixed(3)} (drop ${drop.toFixed(3)}) over ${r.online.n} labelled predictions ${window}` };
    }
    case 'prediction_drift': {
      const pd = r.predictionDrift;
      if (!pd || pd.statistic === null) return { state: 'insufficient_data', value: null, n: pd?.n ?? 0, message: 'not enough data' };
      return { state: crosses(pd.statistic) ? 'firing' : 'ok', value: pd.statistic, n: pd.n, message: `prediction drift PSI ${pd.statistic.toFixed(3)} ${window}` };
    }
    case 'calibration_gap': {
      const m = r.online.metrics;
      if (r.online.n < rule.minSamples || !m || m.positive_rate === null || r.online.meanScore === null) return { state: 'insufficient_data', value: null, n: r.online.n, message: 'not enough labelled predictions' };
      const gap = m.positive_rate - r.online.meanScore;
      return {
        state: crosses(gap) ? 'firing' : 'ok',
        value: gap,
        n: r.online.n,
        message: `${gap >= 0 ? 'under' : 'over'}-predicting: ${pct(m.positive_rate)} of ${r.online.n} labelled predictions were positive, mean score ${pct(r.online.meanScore)} ${window}`,
      };
    }
    case 'canary_regression':
    case 'break_glass':
    case 'retrain_refused':
      // Raised by events (services/monitoring/event-alert.ts), not by the monitor pass.
      return { state: 'not_applicable', value: null, n: 0, message: 'evaluated by canary analysis' };
    case 'estimated_accuracy_drop': {
      const est = r.estimate.expectedAccuracy;
      if (r.estimate.n < rule.minSamples || est === null) return { state: 'insufficient_data', value: null, n: r.estimate.n, message: 'not enough data' };
      return { state: crosses(est) ? 'firing' : 'ok', value: est, n: r.estimate.n, message: `estimated accuracy ${pct(est)} (estimate, no labels) ${window}` };
    }
  }
}
