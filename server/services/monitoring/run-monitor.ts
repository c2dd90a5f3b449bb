// The scheduled monitoring pass: for every served model, roll up the log's new and late rows,
// evaluate its alert rules on their windows, and record firing / resolved transitions (audited,
// sent to webhooks through the delivery outbox). Each model is isolated: one model's failure is
// logged, counted and recorded on its health row, and the others go on; the failed models are
// returned so the queue retries the pass. Safe to run on any number of workers at once.
import { and, eq, gte, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { db, type Db } from '@/server/db/client';
import { aliases, alertRules, alerts, models, monitorWatermarks, serviceRollups, servingLoadFailures, type AlertRule } from '@/server/db/schema';
import { env } from '@/server/env';
import { ONLINE_ROUTES } from '@/server/ml/monitoring/model-state';
import { appMetrics } from '@/server/observability/app-metrics';
import { logger } from '@/server/observability/logger';
import { ensureDefaultRules, evaluateLoadFailures, evaluateRule, evaluateStale, type RuleContext } from './alert-rules';
import { applyOutcome, type AlertSubject } from './alert-transitions';
import { failingMinutes, markPassFailed, markPassSucceeded } from './monitor-health';
import { rollupModel } from './rollup';
import { PER_SLICE_METRICS } from './slice-rules';
import { sliceFiguresForRule } from './slices';
import { dispatchDeliveries } from './webhooks';
import { productionVersion, windowReport, type WindowReport } from './window-report';

const log = logger({ component: 'monitor' });

export interface MonitorResult {
  models: number;
  fired: number;
  resolved: number;
  /** Names of the models whose pass failed (the others completed). */
  failed: string[];
}

/** The usual traffic level before a window: predictions per minute over the day before it. */
async function usualTraffic(database: Db, modelId: string, windowStart: Date): Promise<{ perMinute: number; n: number } | null> {
  const from = new Date(windowStart.getTime() - 24 * 3600_000);
  const [row] = await database
    .select({ n: sql<number>`coalesce(sum(${serviceRollups.predictions}), 0)::int`, first: sql<Date | null>`min(${serviceRollups.minute})` })
    .from(serviceRollups)
    .where(and(eq(serviceRollups.modelId, modelId), gte(serviceRollups.minute, from), lt(serviceRollups.minute, windowStart), inArray(serviceRollups.route, [...ONLINE_ROUTES])));
  if (!row?.first) return null;
  const minutes = Math.max(1, (windowStart.getTime() - new Date(row.first).getTime()) / 60_000);
  return { perMinute: row.n / minutes, n: row.n };
}

async function monitorModel(database: Db, m: { id: string; name: string }, now: number): Promise<{ fired: number; resolved: number }> {
  await ensureDefaultRules(database, m.id);
  await rollupModel(m.id);
  const v = await productionVersion(database, m.name);
  if (!v) return { fired: 0, resolved: 0 };
  const rules = await database
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.modelId, m.id), eq(alertRules.enabled, true), ne(alertRules.metric, 'monitoring_stale'), ne(alertRules.metric, 'canary_regression'), ne(alertRules.metric, 'serving_load_failure')));
  const reports = new Map<number, WindowReport | null>();
  const subject: AlertSubject = { modelId: m.id, model: m.name, versionId: v.versionId, version: v.version };
  let fired = 0;
  let resolved = 0;
  for (const rule of rules) {
    if (!reports.has(rule.windowMinutes)) {
      reports.set(rule.windowMinutes, await windowReport(database, m.name, { start: new Date(now - rule.windowMinutes * 60_000), end: new Date(now), minRows: env().VIGIL_MONITOR_MIN_ROWS }, v));
    }
    const report = reports.get(rule.windowMinutes);
    if (!report) continue;
    const ctx: RuleContext =
      rule.metric === 'traffic_drop'
        ? { usual: await usualTraffic(database, m.id, new Date(now - rule.windowMinutes * 60_000)) }
        : PER_SLICE_METRICS.has(rule.metric)
          ? { slices: await sliceFiguresForRule(database, { modelId: m.id, versionId: v.versionId }, rule, new Date(now)) }
          : {};
    const outcome = evaluateRule(rule, report, ctx);
    if (outcome.state !== 'firing' && outcome.state !== 'ok') continue; // not enough data: keep state
    const t = await applyOutcome(database, subject, rule, outcome, new Date(now));
    fired += Number(t.fired);
    resolved += Number(t.resolved);
    await dispatchDeliveries(t.deliveries);
  }
  return { fired, resolved };
}

/** Fires (or resolves) the model's "monitoring stale" rule from the pass's own health. */
async function checkStale(database: Db, m: { id: string; name: string }, now: number): Promise<{ fired: number; resolved: number }> {
  const rules: AlertRule[] = await database.select().from(alertRules).where(and(eq(alertRules.modelId, m.id), eq(alertRules.enabled, true), eq(alertRules.metric, 'monitoring_stale')));
  if (!rules.length) return { fired: 0, resolved: 0 };
  const minutes = await failingMinutes(database, m.id, new Date(now));
  const v = await productionVersion(database, m.name);
  let fired = 0;
  let resolved = 0;
  for (const rule of rules) {
    const t = await applyOutcome(database, { modelId: m.id, model: m.name, versionId: v?.versionId ?? null, version: v?.version ?? null }, rule, evaluateStale(rule, minutes), new Date(now));
    fired += Number(t.fired);
    resolved += Number(t.resolved);
    await dispatchDeliveries(t.deliveries);
  }
  return { fired, resolved };
}

/** Fires (or resolves) the model's "serving cannot load a version" rule from the serving processes' reports. */
async function checkLoadFailures(database: Db, m: { id: string; name: string }, now: number): Promise<{ fired: number; resolved: number }> {
  const rules: AlertRule[] = await database.select().from(alertRules).where(and(eq(alertRules.modelId, m.id), eq(alertRules.enabled, true), eq(alertRules.metric, 'serving_load_failure')));
  if (!rules.length) return { fired: 0, resolved: 0 };
  const failures = await database
    .select({ instance: servingLoadFailures.instance, alias: servingLoadFailures.alias, version: servingLoadFailures.version, reason: servingLoadFailures.reason })
    .from(servingLoadFailures)
    .where(eq(servingLoadFailures.modelId, m.id))
    .orderBy(servingLoadFailures.alias, servingLoadFailures.instance);
  const v = await productionVersion(database, m.name);
  let fired = 0;
  let resolved = 0;
  for (const rule of rules) {
    const t = await applyOutcome(database, { modelId: m.id, model: m.name, versionId: v?.versionId ?? null, version: v?.version ?? null }, rule, evaluateLoadFailures(rule, failures), new Date(now));
    fired += Number(t.fired);
    resolved += Number(t.resolved);
    await dispatchDeliveries(t.deliveries);
  }
  return { fired, resolved };
}

async function publishGauges(database: Db, served: { id: string; name: string }[]) {
  const metrics = appMetrics();
  const firing = await database
    .select({ model: models.name, severity: alertRules.severity, n: sql<number>`count(*)::int` })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .innerJoin(models, eq(models.id, alerts.modelId))
    .where(eq(alerts.status, 'firing'))
    .groupBy(models.name, alertRules.severity);
  metrics.alertsFiring.reset();
  for (const f of firing) metrics.alertsFiring.set({ model: f.model, severity: f.severity }, f.n);
  const lag = await database.execute<{ model_id: string; lag: number | null }>(sql`
    SELECT w.model_id, extract(epoch from (SELECT max(p.ingested_at) FROM predictions p WHERE p.model_id = w.model_id AND p.ingested_at > w.rolled_up_to) - w.rolled_up_to)::float8 AS lag
    FROM ${monitorWatermarks} w`);
  const names = new Map(served.map((m) => [m.id, m.name]));
  for (const r of lag.rows) {
    const name = names.get(r.model_id);
    if (name) metrics.monitorLag.set({ model: name }, r.lag ?? 0);
  }
}

export interface MonitorScope {
  /**
   * Only these models (by name); every served model when absent. A pass over one model is what a
   * caller that changed only that model needs; the integration tests use it so a pass does not
   * walk every model the suite has created.
   */
  models?: string[];
}

export async function runMonitor(now = Date.now(), scope: MonitorScope = {}): Promise<MonitorResult> {
  const database = db();
  const metrics = appMetrics();
  if (scope.models && scope.models.length === 0) return { models: 0, fired: 0, resolved: 0, failed: [] };
  const served = await database
    .selectDistinct({ id: models.id, name: models.name })
    .from(models)
    .innerJoin(aliases, and(eq(aliases.modelId, models.id), eq(aliases.name, 'production'), isNotNull(aliases.versionId)))
    .where(scope.models ? inArray(models.name, scope.models) : undefined);
  const out: MonitorResult = { models: served.length, fired: 0, resolved: 0, failed: [] };
  for (const m of served) {
    const t0 = performance.now();
    try {
      const r = await monitorModel(database, m, now);
      out.fired += r.fired;
      out.resolved += r.resolved;
      const ms = performance.now() - t0;
      await markPassSucceeded(database, m.id, new Date(now), ms);
      metrics.monitorPassSeconds.observe({ model: m.name }, ms / 1000);
      metrics.monitorLastSuccess.set({ model: m.name }, now / 1000);
    } catch (e) {
      out.failed.push(m.name);
      metrics.monitorFailures.inc({ model: m.name });
      log.error({ err: e, model: m.name }, 'monitoring pass failed for a model; the other models go on');
      await markPassFailed(database, m.id, new Date(now), (e as Error).message ?? String(e)).catch((e2: unknown) => {
        metrics.swallowed.inc({ component: 'monitor' });
        log.error({ err: e2, model: m.name }, 'could not record the failed pass');
      });
    }
    try {
      const s = await checkStale(database, m, now);
      out.fired += s.fired;
      out.resolved += s.resolved;
    } catch (e) {
      metrics.swallowed.inc({ component: 'monitor' });
      log.error({ err: e, model: m.name }, 'could not evaluate the monitoring-stale rule');
    }
    try {
      const s = await checkLoadFailures(database, m, now);
      out.fired += s.fired;
      out.resolved += s.resolved;
    } catch (e) {
      metrics.swallowed.inc({ component: 'monitor' });
      log.error({ err: e, model: m.name }, 'could not evaluate the serving-load-failure rule');
    }
  }
  await publishGauges(database, served).catch((e: unknown) => {
    metrics.swallowed.inc({ component: 'monitor' });
    log.warn({ err: e }, 'could not publish monitoring gauges');
  });
  return out;
}
