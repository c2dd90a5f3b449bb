// Alert rules: defaults created for every served model, and the evaluation of a rule against
// a window report. A rule whose window has fewer rows than its minimum keeps its state
// ("not enough data") rather than firing or resolving on noise.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { ALERT_METRICS, alertRules, type AlertRule } from '@/server/db/schema';
import { evaluateFairnessDisparity, evaluateSliceAucDrop, type SliceFigures } from './slice-rules';
import { metricFits, metricMismatch, type ModelTask } from '@/server/ml/monitoring/metric-tasks';
import type { WindowReport } from './window-report';

export const DEFAULT_RULES: Omit<typeof alertRules.$inferInsert, 'modelId'>[] = [
  { name: 'Input drift: half the features drifted', metric: 'drift_share', direction: 'above', threshold: 0.5, windowMinutes: 30, minSamples: 100, severity: 'critical', isDefault: true },
  { name: 'Missing values up 10 points on a feature', metric: 'missing_share_increase', direction: 'above', threshold: 0.1, windowMinutes: 30, minSamples: 100, severity: 'warning', isDefault: true },
  { name: 'Error rate above 5%', metric: 'error_rate', direction: 'above', threshold: 0.05, windowMinutes: 15, minSamples: 50, severity: 'critical', isDefault: true },
  { name: 'p99 latency above 500 ms', metric: 'p99_latency_ms', direction: 'above', threshold: 500, windowMinutes: 15, minSamples: 50, severity: 'warning', isDefault: true },
  { name: 'An input drifted strongly', metric: 'feature_drift', direction: 'above', threshold: 0.2, windowMinutes: 30, minSamples: 200, severity: 'warning', isDefault: true },
  { name: 'Model under-predicts: observed positives 5 points above mean score', metric: 'calibration_gap', direction: 'above', threshold: 0.05, windowMinutes: 60, minSamples: 200, severity: 'critical', isDefault: true },
  { name: 'Online AUC 0.05 below validation', metric: 'online_auc_drop', direction: 'above', threshold: 0.05, windowMinutes: 120, minSamples: 200, severity: 'critical', isDefault: true },
  { name: 'Monitoring itself failing for 10 minutes', metric: 'monitoring_stale', direction: 'above', threshold: 10, windowMinutes: 10, minSamples: 1, severity: 'critical', isDefault: true },
  { name: 'Serving cannot load a version behind an alias', metric: 'serving_load_failure', direction: 'above', threshold: 1, windowMinutes: 10, minSamples: 1, severity: 'critical', isDefault: true },
];

/**
 * Creates the default rules a model lacks. The database keeps one default per metric and
 * model (a partial unique index), so passes running at once cannot duplicate them, and a
 * default added in a later release reaches existing models.
 */
export async function ensureDefaultRules(db: DbOrTx, modelId: string): Promise<void> {
  // Only the defaults that fit the model's task (its newest version's: one task per model).
  const { rows } = await db.execute<{ task: ModelTask }>(sql`SELECT task FROM model_versions WHERE model_id = ${modelId} ORDER BY version DESC LIMIT 1`);
  const task = rows[0]?.task ?? 'binary';
  await db
    .insert(alertRules)
    .values(DEFAULT_RULES.filter((r) => metricFits(r.metric, task)).map((r) => ({ ...r, modelId })))
    .onConflictDoNothing({ target: [alertRules.modelId, alertRules.metric], where: sql`${alertRules.isDefault}` });
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

/** Figures a rule may need beyond the window report. */
export interface RuleContext {
  /** Predictions per minute at the usual level (the day before the window), and how many rows that level rests on. */
  usual?: { perMinute: number; n: number } | null;
  /** Slice rules: the figures of the rule's slice column(s) from the Slices view's sample; null when the model has none configured. */
  slices?: SliceFigures[] | null;
}

/** The monitoring pass's own staleness for a model: minutes it has been failing (0 when healthy). */
export function evaluateStale(rule: AlertRule, failingMinutes: number): RuleOutcome {
  const firing = rule.direction === 'above' ? failingMinutes >= rule.threshold : failingMinutes <= rule.threshold;
  return {
    state: firing ? 'firing' : 'ok',
    value: failingMinutes,
    n: 1,
    message: failingMinutes > 0 ? `monitoring has failed for this model for ${failingMinutes.toFixed(0)} min: its figures and alerts are stale` : 'monitoring is up to date',
  };
}

/** A version serving could not load (serving_load_failures rows, cleared once it loads), per alias. */
export interface LoadFailureRow {
  instance: string;
  alias: string;
  version: number;
  reason: string;
}

export function evaluateLoadFailures(rule: AlertRule, failures: readonly LoadFailureRow[]): RuleOutcome {
  const n = failures.length;
  const firing = rule.direction === 'above' ? n >= rule.threshold : n <= rule.threshold;
  const what = failures.map((f) => `${f.alias} v${f.version} on ${f.instance}: ${f.reason}`).join('; ');
  return {
    state: firing ? 'firing' : 'ok',
    value: n,
    n: 1,
    message: n ? `serving cannot load ${n === 1 ? 'a version' : `${n} versions`} (${what.slice(0, 500)}); the aliases it could load still apply` : 'every alias loads',
    detail: { failures: failures.slice(0, 20) },
  };
}

export function evaluateRule(rule: AlertRule, r: WindowReport, ctx: RuleContext = {}): RuleOutcome {
  const crosses = (v: number) => (rule.direction === 'above' ? v >= rule.threshold : v <= rule.threshold);
  const window = `in the last ${rule.windowMinutes} min`;
  // A rule saved for another task (saving refuses it; a rule from before a model changed task).
  const mismatch = metricMismatch(rule.metric, r.task);
  if (mismatch) return { state: 'not_applicable', value: null, n: 0, message: mismatch };
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
    case 'out_of_range_share':
    case 'unseen_share': {
      const share = (f: (typeof r.features)[number]) => (rule.metric === 'out_of_range_share' ? f.outOfRangeShare : f.unseenShare);
      const cands = r.features.filter((f) => (!rule.feature || f.feature === rule.feature) && f.n >= rule.minSamples && share(f) !== null);
      if (!cands.length) return { state: r.hasReference ? 'insufficient_data' : 'not_applicable', value: null, n: 0, message: r.hasReference ? 'not enough data' : 'no reference profile' };
      const worst = cands.reduce((a, b) => (share(b)! > share(a)! ? b : a));
      const v = share(worst)!;
      const what = rule.metric === 'out_of_range_share' ? 'outside the training range' : 'categories never seen in training';
      return { state: crosses(v) ? 'firing' : 'ok', value: v, n: worst.n, message: `${pct(v)} of ${worst.feature} values ${what} ${window}`, detail: { feature: worst.feature } };
    }
    case 'traffic_drop': {
      const usual = ctx.usual;
      if (!usual || usual.n < rule.minSamples || usual.perMinute <= 0) return { state: 'insufficient_data', value: null, n: usual?.n ?? 0, message: 'no usual traffic level yet' };
      const perMinute = r.service.predictions / rule.windowMinutes;
      const drop = 1 - perMinute / usual.perMinute;
      return { state: crosses(drop) ? 'firing' : 'ok', value: drop, n: usual.n, message: `traffic ${perMinute.toFixed(1)}/min ${window} against a usual ${usual.perMinute.toFixed(1)}/min (${drop >= 0 ? 'down' : 'up'} ${pct(Math.abs(drop))})` };
    }
    case 'serving_load_failure':
      // Evaluated from the serving processes' load failures (evaluateLoadFailures), not from a window.
      return { state: 'not_applicable', value: null, n: 0, message: 'evaluated from the serving load failures' };
    case 'monitoring_stale':
      // Evaluated from the pass's own health (evaluateStale), not from a window.
      return { state: 'not_applicable', value: null, n: 0, message: 'evaluated from the monitoring pass health' };
    case 'slice_auc_drop':
    case 'fairness_disparity': {
      if (!ctx.slices) return { state: 'not_applicable', value: null, n: 0, message: 'no slice column: name one on the rule or configure the model’s slice columns' };
      if (!ctx.slices.length) return { state: 'not_applicable', value: null, n: 0, message: 'every slice column of the rule looks like an identifier, not a group (see the monitor log)' };
      return rule.metric === 'slice_auc_drop' ? evaluateSliceAucDrop(rule, ctx.slices) : evaluateFairnessDisparity(rule, ctx.slices);
    }
    case 'error_rate': {
      const n = r.service.predictions + r.service.rejected;
      if (n < rule.minSamples || r.service.errorRate === null) return { state: 'insufficient_data', value: null, n, message: 'not enough requests' };
      return { state: crosses(r.service.errorRate) ? 'firing' : 'ok', value: r.service.errorRate, n, message: `${pct(r.service.errorRate)} of ${n} requests failed or were rejected ${window}` };
    }
    case 'p50_latency_ms':
    case 'p95_latency_ms':
    case 'p99_latency_ms': {
      const n = r.service.predictions;
      const q = rule.metric === 'p50_latency_ms' ? 'p50' : rule.metric === 'p95_latency_ms' ? 'p95' : 'p99';
      const v = r.service[q];
      if (n < rule.minSamples || v === null) return { state: 'insufficient_data', value: null, n, message: 'not enough requests' };
      return { state: crosses(v) ? 'firing' : 'ok', value: v, n, message: `${q} latency ${v.toFixed(1)} ms ${window}` };
    }
    case 'online_auc_drop': {
      const auc = r.online.task === 'binary' ? (r.online.metrics?.auc ?? null) : null;
      const ref = r.estimate.referenceAuc;
      if (r.online.n < rule.minSamples || auc === null || ref === null) return { state: 'insufficient_data', value: null, n: r.online.n, message: 'not enough labelled predictions' };
      const drop = ref - auc;
      return { state: crosses(drop) ? 'firing' : 'ok', value: drop, n: r.online.n, message: `online AUC ${auc.toFixed(3)} vs validation ${ref.toFixed(3)} (drop ${drop.toFixed(3)}) over ${r.online.n} labelled predictions ${window}` };
    }
    case 'prediction_drift': {
      const pd = r.predictionDrift;
      if (!pd || pd.statistic === null) return { state: 'insufficient_data', value: null, n: pd?.n ?? 0, message: 'not enough data' };
      // Multiclass / regression: name the component that drifted most (a class probability, the predicted-class mix, the value).
      const worst = pd.components.filter((c) => c.statistic !== null).reduce((a, b) => (b.statistic! > a.statistic! ? b : a), pd.components[0]);
      const what = pd.task === 'binary' ? 'prediction drift PSI' : `prediction drift PSI (${worst.name})`;
      return { state: crosses(pd.statistic) ? 'firing' : 'ok', value: pd.statistic, n: pd.n, message: `${what} ${pd.statistic.toFixed(3)} ${window}`, detail: pd.task === 'binary' ? undefined : { component: worst.name } };
    }
    case 'online_rmse':
    case 'online_mae': {
      const m = r.online.task === 'regression' ? r.online.metrics : null;
      if (r.online.n < rule.minSamples || !m) return { state: 'insufficient_data', value: null, n: r.online.n, message: 'not enough labelled predictions' };
      const v = rule.metric === 'online_rmse' ? m.rmse : m.mae;
      return { state: crosses(v) ? 'firing' : 'ok', value: v, n: m.n, message: `online ${rule.metric === 'online_rmse' ? 'RMSE' : 'MAE'} ${v.toPrecision(4)} over ${m.n} labelled predictions ${window}` };
    }
    case 'online_accuracy':
    case 'online_macro_f1': {
      const o = r.online;
      const v = o.task === 'multiclass' ? (o.metrics ? (rule.metric === 'online_accuracy' ? o.metrics.accuracy : o.metrics.macro_f1) : null) : o.task === 'binary' && rule.metric === 'online_accuracy' ? (o.metrics?.accuracy ?? null) : null;
      if (o.n < rule.minSamples || v === null) return { state: 'insufficient_data', value: null, n: o.n, message: 'not enough labelled predictions' };
      return { state: crosses(v) ? 'firing' : 'ok', value: v, n: o.n, message: `online ${rule.metric === 'online_accuracy' ? 'accuracy' : 'macro-F1'} ${pct(v)} over ${o.n} labelled predictions ${window}` };
    }
    case 'calibration_gap': {
      const o = r.online.task === 'binary' ? r.online : null;
      const m = o?.metrics;
      if (!o || o.n < rule.minSamples || !m || m.positive_rate === null || o.meanScore === null) return { state: 'insufficient_data', value: null, n: r.online.n, message: 'not enough labelled predictions' };
      const meanScore = o.meanScore;
      const gap = m.positive_rate - meanScore;
      return {
        state: crosses(gap) ? 'firing' : 'ok',
        value: gap,
        n: r.online.n,
        message: `${gap >= 0 ? 'under' : 'over'}-predicting: ${pct(m.positive_rate)} of ${r.online.n} labelled predictions were positive, mean score ${pct(meanScore)} ${window}`,
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
