// Acknowledge and silence: who and a note, audited; a silenced alert sends no webhook when it
// resolves or re-fires within the silence; the roles that may not are refused.
import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alertRules, alerts, auditEvents, webhookDeliveries, webhooks } from '@/server/db/schema';
import { metricsRegistry } from '@/server/observability/metrics';
import { closeQueues } from '@/server/queue/enqueue';
import { saveRule } from '@/server/services/monitoring/queries';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { callerAs, makeUser } from './helpers/factories';
import { logPredictions, modelAndVersion } from './helpers/predictions';
import { servedModel } from './helpers/serving';

afterAll(async () => {
  await closeQueues();
});

let hookId = '';
const deliveriesFor = async (alertIds: string[]) =>
  db()
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, hookId), sql`${webhookDeliveries.payload}->'alert'->>'id' = ANY(${`{${alertIds.join(',')}}`}::text[])`));

describe('acknowledge and silence', () => {
  it('acknowledges with a note and silences for a duration, audited; a silenced alert sends no webhook', async () => {
    const m = await servedModel(1);
    const { modelId, versionId } = await modelAndVersion(m.name);
    await logPredictions(modelId, versionId, 40);
    const [hook] = await db().insert(webhooks).values({ name: 'ack-test', url: 'http://127.0.0.1:9/never', secret: crypto.randomBytes(24).toString('base64url') }).returning();
    hookId = hook.id;
    const rule = await saveRule(m.ctx, { model: m.name, name: 'p50 any', metric: 'p50_latency_ms', direction: 'above', threshold: 0, windowMinutes: 10, minSamples: 1, severity: 'warning' });
    await runMonitor(undefined, { models: [m.name] });
    const [a] = await db().select().from(alerts).where(and(eq(alerts.ruleId, rule.id), eq(alerts.status, 'firing')));
    expect(a).toBeDefined();
    expect((await deliveriesFor([a.id])).map((d) => d.event)).toEqual(['alert.firing']);

    const viewer = callerAs(await makeUser('viewer'));
    await expect(viewer.monitoring.acknowledge({ alertId: a.id, note: 'mine' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.monitoring.silence({ alertId: a.id, minutes: 30 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const engUser = await makeUser('engineer');
    const eng = callerAs(engUser);
    await expect(eng.monitoring.acknowledge({ alertId: a.id, note: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(eng.monitoring.acknowledge({ alertId: crypto.randomUUID(), note: '' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(eng.monitoring.silence({ alertId: a.id, minutes: 8 * 24 * 60 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    await eng.monitoring.acknowledge({ alertId: a.id, note: 'looking into the latency' });
    await eng.monitoring.silence({ alertId: a.id, minutes: 30, note: 'known, deploy in progress' });
    const listed = (await eng.monitoring.alerts({ model: m.name })).rows.find((x) => x.alert.id === a.id)!;
    expect(listed.acknowledgedBy).toBe(engUser.email);
    expect(listed.alert.ackNote).toBe('looking into the latency');
    expect(listed.silenced).toBe(true);
    expect(listed.silencedBy).toBe(engUser.email);
    expect(listed.alert.silencedUntil!.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.targetId, a.id), inArray(auditEvents.action, ['alert.acknowledge', 'alert.silence'])));
    expect(audit.map((e) => [e.action, e.actorLabel, e.reason]).sort()).toEqual([
      ['alert.acknowledge', engUser.email, 'looking into the latency'],
      ['alert.silence', engUser.email, 'known, deploy in progress'],
    ]);

    // Resolves while silenced: no webhook. Fires again within the silence: still silenced, no webhook.
    await saveRule(m.ctx, { id: rule.id, model: m.name, name: 'p50 any', metric: 'p50_latency_ms', direction: 'above', threshold: 10_000, windowMinutes: 10, minSamples: 1, severity: 'warning' });
    await runMonitor(undefined, { models: [m.name] });
    const [resolved] = await db().select().from(alerts).where(eq(alerts.id, a.id));
    expect(resolved.status).toBe('resolved');
    await expect(eng.monitoring.acknowledge({ alertId: a.id, note: '' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await saveRule(m.ctx, { id: rule.id, model: m.name, name: 'p50 any', metric: 'p50_latency_ms', direction: 'above', threshold: 0, windowMinutes: 10, minSamples: 1, severity: 'warning' });
    await runMonitor(undefined, { models: [m.name] });
    const [again] = await db().select().from(alerts).where(and(eq(alerts.ruleId, rule.id), eq(alerts.status, 'firing')));
    expect(again.id).not.toBe(a.id);
    expect(again.silencedUntil).not.toBeNull();
    expect((await deliveriesFor([a.id, again.id])).map((d) => d.event)).toEqual(['alert.firing']);

    // Lifting the silence: the next transition sends again.
    await eng.monitoring.silence({ alertId: again.id, minutes: 0 });
    await db().update(alerts).set({ silencedUntil: null }).where(eq(alerts.ruleId, rule.id));
    await saveRule(m.ctx, { id: rule.id, model: m.name, name: 'p50 any', metric: 'p50_latency_ms', direction: 'above', threshold: 10_000, windowMinutes: 10, minSamples: 1, severity: 'warning' });
    await runMonitor(undefined, { models: [m.name] });
    expect((await deliveriesFor([again.id])).map((d) => d.event)).toEqual(['alert.resolved']);

    const health = await eng.monitoring.health({ model: m.name });
    // Every tRPC call is timed per procedure.
    expect(await metricsRegistry().metrics()).toMatch(/vigil_trpc_request_seconds_count\{[^}]*procedure="monitoring.health"[^}]*ok="true"[^}]*\} [1-9]/);
    expect(health.lastSuccessAt).not.toBeNull();
    expect(health.stale).toBe(false);
    expect(health.failingSince).toBeNull();
    const [r] = await db().select().from(alertRules).where(eq(alertRules.id, rule.id));
    expect(r.threshold).toBe(10_000);
  });
});
