// The monitoring pass: one failing model does not stop the others, the pass's own health is
// recorded and a model whose monitoring keeps failing raises the "monitoring stale" alert;
// passes running at once in separate processes fire each alert once and create the default
// rules once (the database enforces both).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alertRules, alerts, auditEvents, monitorHealth, webhookDeliveries, webhooks } from '@/server/db/schema';
import { metricsRegistry } from '@/server/observability/metrics';
import { closeQueues } from '@/server/queue/enqueue';
import { monitorProcessor } from '@/server/queue/processors/monitor';
import { DEFAULT_RULES } from '@/server/services/monitoring/alert-rules';
import { saveRule } from '@/server/services/monitoring/queries';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { logPredictions, modelAndVersion } from './helpers/predictions';
import { servedModel } from './helpers/serving';

afterAll(async () => {
  await closeQueues();
});

describe('monitoring pass isolation and health', () => {
  it('goes on past a failing model, records each model’s health and raises the stale alert', async () => {
    const good = await servedModel(1);
    const bad = await servedModel(1);
    const g = await modelAndVersion(good.name);
    const b = await modelAndVersion(bad.name);
    await logPredictions(g.modelId, g.versionId, 60);
    // Always fires while there is traffic: proves the good model's rules ran in the same pass.
    await saveRule(good.ctx, { model: good.name, name: 'any traffic', metric: 'p50_latency_ms', direction: 'above', threshold: 0, windowMinutes: 10, minSamples: 1, severity: 'info' });
    // A rule the evaluator cannot handle: this model's pass throws every time.
    await db().execute(sql`INSERT INTO alert_rules (model_id, name, metric, direction, threshold, window_minutes, min_samples, severity) VALUES (${b.modelId}, 'broken', 'no_such_metric', 'above', 1, 10, 1, 'info')`);

    const t0 = Date.now();
    const scope = { models: [good.name, bad.name] };
    const first = await runMonitor(t0, scope);
    expect(first.models).toBe(2); // the scope: these two models only
    expect(first.failed).toEqual([bad.name]);
    const firing = await db().select().from(alerts).where(and(eq(alerts.modelId, g.modelId), eq(alerts.status, 'firing')));
    expect(firing.map((a) => a.message)).toEqual([expect.stringMatching(/^p50 latency/)]);
    const health = await db().select().from(monitorHealth).where(inArray(monitorHealth.modelId, [g.modelId, b.modelId]));
    const hg = health.find((h) => h.modelId === g.modelId)!;
    const hb = health.find((h) => h.modelId === b.modelId)!;
    expect(hg.lastSuccessAt?.getTime()).toBe(t0);
    expect(hg.failingSince).toBeNull();
    expect(hb.lastSuccessAt).toBeNull();
    expect(hb.failingSince?.getTime()).toBe(t0);
    expect(hb.lastError).toBeTruthy();
    const metrics = await metricsRegistry().metrics();
    expect(metrics).toContain(`vigil_monitor_last_success_timestamp_seconds{model="${good.name}"`);
    expect(metrics).toMatch(new RegExp(`vigil_monitor_model_failures_total\\{model="${bad.name}"[^}]*\\} [1-9]`));

    // The queue job fails (so BullMQ retries it) once the other models are done.
    await expect(monitorProcessor.process({} as never, undefined as never)).rejects.toThrow(bad.name);

    // Eleven minutes of failures: the stale alert fires for the failing model only, audited.
    const later = await runMonitor(t0 + 11 * 60_000, scope);
    expect(later.failed).toContain(bad.name);
    const stale = await db()
      .select({ a: alerts, metric: alertRules.metric })
      .from(alerts)
      .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
      .where(and(eq(alertRules.metric, 'monitoring_stale'), inArray(alerts.modelId, [g.modelId, b.modelId])));
    expect(stale.map((s) => s.a.modelId)).toEqual([b.modelId]);
    expect(stale[0].a.status).toBe('firing');
    expect(stale[0].a.message).toMatch(/failed for this model for 11 min/);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'alert.fire'), eq(auditEvents.targetId, stale[0].a.id)))).toHaveLength(1);

    // Repaired: the next pass succeeds and the stale alert resolves.
    await db().execute(sql`UPDATE alert_rules SET enabled = false WHERE model_id = ${b.modelId} AND name = 'broken'`);
    const fixed = await runMonitor(t0 + 12 * 60_000, scope);
    expect(fixed.failed).not.toContain(bad.name);
    const [after] = await db().select().from(alerts).where(eq(alerts.id, stale[0].a.id));
    expect(after.status).toBe('resolved');
  });

  it('the database refuses a second firing alert for a rule and a second default rule of a metric', async () => {
    const m = await servedModel(1);
    const { modelId } = await modelAndVersion(m.name);
    const [rule] = await db().insert(alertRules).values({ ...DEFAULT_RULES[0], modelId }).returning();
    await db().insert(alerts).values({ ruleId: rule.id, modelId, status: 'firing', message: 'one' });
    await expect(db().insert(alerts).values({ ruleId: rule.id, modelId, status: 'firing', message: 'two' })).rejects.toMatchObject({ cause: { constraint: 'alerts_one_firing_per_rule' } });
    await expect(db().insert(alertRules).values({ ...DEFAULT_RULES[0], modelId })).rejects.toMatchObject({ cause: { constraint: 'alert_rules_one_default_per_metric' } });
  });

  it('two processes running passes at once fire each alert once, queue one delivery and create the defaults once', async () => {
    const m = await servedModel(1);
    const { modelId, versionId } = await modelAndVersion(m.name);
    await logPredictions(modelId, versionId, 80);
    // Several rules that fire on any traffic, so the two processes race on each of them.
    for (const metric of ['p50_latency_ms', 'p95_latency_ms', 'p99_latency_ms'] as const) {
      await saveRule(m.ctx, { model: m.name, name: `${metric} any`, metric, direction: 'above', threshold: 0, windowMinutes: 10, minSamples: 1, severity: 'info' });
    }
    // Written directly: only the outbox rows matter here, nothing is sent.
    const [hook] = await db().insert(webhooks).values({ name: 'race', url: 'http://127.0.0.1:9/never', secret: 'x'.repeat(32) }).returning();
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/integration/helpers/monitor-pass-process.ts', '4', m.name], { cwd: path.resolve(import.meta.dirname, '..', '..'), env: process.env });
    const [a, c] = await Promise.all([run(), run()]);
    const fired = [a, c].map((r) => (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { fired: number }).fired);

    const rules = await db().select().from(alertRules).where(eq(alertRules.modelId, modelId));
    expect(rules.filter((r) => r.isDefault)).toHaveLength(DEFAULT_RULES.length);
    const custom = rules.filter((r) => !r.isDefault).map((r) => r.id);
    const all = await db().select().from(alerts).where(inArray(alerts.ruleId, custom));
    expect(all).toHaveLength(3);
    expect(all.every((x) => x.status === 'firing')).toBe(true);
    expect(fired[0] + fired[1]).toBeGreaterThanOrEqual(3); // these three (and possibly default rules on this traffic)
    const fires = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'alert.fire'), inArray(auditEvents.targetId, all.map((x) => x.id))));
    expect(fires).toHaveLength(3);
    const deliveries = await db()
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, hook.id), sql`${webhookDeliveries.payload}->'alert'->>'id' = ANY(${`{${all.map((x) => x.id).join(',')}}`}::text[])`));
    expect(deliveries.filter((d) => d.event === 'alert.firing')).toHaveLength(3);
  }, 120_000);
});
