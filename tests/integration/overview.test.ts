// The Overview page's read: served models with their aliases, state from open alerts, traffic
// from rollups, requests waiting for the signed-in approver, active jobs and the newest audit
// events. Rollup and alert rows are written as the monitor writes them.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alertRules, alerts, modelVersions, models, serviceRollups } from '@/server/db/schema';
import { requestPromotion } from '@/server/services/promotions/requests';
import { fleetOverview, SPARK_BUCKET_MS, SPARK_BUCKETS } from '@/server/services/overview/fleet-overview';
import { actorOf, callerAs, makeUser } from './helpers/factories';
import { servedModel } from './helpers/serving';

async function versionIds(name: string) {
  const rows = await db().select({ id: modelVersions.id, version: modelVersions.version, modelId: models.id }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(models.name, name));
  return { modelId: rows[0].modelId, v: Object.fromEntries(rows.map((r) => [r.version, r.id])) as Record<number, string> };
}

async function fire(modelId: string, metric: (typeof alertRules.$inferInsert)['metric'], status: 'firing' | 'resolved' = 'firing') {
  const [rule] = await db().insert(alertRules).values({ modelId, name: metric, metric, direction: 'above', threshold: 0.1, windowMinutes: 60, minSamples: 10, severity: 'warning' }).returning();
  await db().insert(alerts).values({ ruleId: rule.id, modelId, status, message: `${metric} fired`, resolvedAt: status === 'resolved' ? new Date() : null });
}

const rollup = (modelId: string, versionId: string, route: string, minute: Date, predictions: number) => ({
  modelId, versionId, route, minute, predictions, latency: [predictions], scoreCounts: [predictions], scoreSums: [0], scoreSquares: [0], positives: 0,
});

describe('fleet overview', () => {
  it('shows each served model with its aliases, its state from open alerts and its traffic from rollups', async () => {
    const a = await servedModel(2);
    const b = await servedModel(2);
    const c = await servedModel(1);
    const ia = await versionIds(a.name);
    const ib = await versionIds(b.name);
    const ic = await versionIds(c.name);
    await fire(ia.modelId, 'feature_drift');
    await fire(ib.modelId, 'feature_drift');
    await fire(ib.modelId, 'error_rate');
    await fire(ic.modelId, 'error_rate', 'resolved');

    const now = Date.now();
    const minute = new Date(Math.floor((now - 3 * 60_000) / 60_000) * 60_000);
    await db().insert(serviceRollups).values([
      rollup(ia.modelId, ia.v[1], 'production', minute, 5),
      rollup(ia.modelId, ia.v[2], 'canary', minute, 2),
      rollup(ia.modelId, ia.v[2], 'shadow', minute, 4), // re-scores the same requests: not traffic
      rollup(ia.modelId, ia.v[1], 'production', new Date(now - 200 * 60_000), 1000), // older than two hours
    ]);

    const viewer = await makeUser('viewer');
    const view = await fleetOverview({ db: db(), actor: actorOf(viewer) }, now);
    const ma = view.models.find((m) => m.name === a.name)!;
    const mb = view.models.find((m) => m.name === b.name)!;
    const mc = view.models.find((m) => m.name === c.name)!;
    expect(ma.health).toBe('drifting');
    expect(mb.health).toBe('degraded');
    expect(mc.health).toBe('healthy');
    expect([ma.openAlerts, mb.openAlerts, mc.openAlerts]).toEqual([1, 2, 0]);
    expect(mb.alertMetrics).toEqual(['error_rate', 'feature_drift']);
    expect(ma.aliases).toEqual([{ alias: 'production', version: 1, share: 0 }]);
    expect(view.openAlerts).toBeGreaterThanOrEqual(3);

    expect(ma.traffic).toHaveLength(SPARK_BUCKETS);
    const expected = new Array(SPARK_BUCKETS).fill(0);
    expected[Math.floor(minute.getTime() / SPARK_BUCKET_MS) - (Math.floor(now / SPARK_BUCKET_MS) - SPARK_BUCKETS + 1)] = 7;
    expect(ma.traffic).toEqual(expected);
    expect(mb.traffic.every((n) => n === 0)).toBe(true);

    // The viewer's role does not approve; the audit log is readable and newest first.
    expect(view.awaitingMe).toBeNull();
    expect(view.latestChanges!.length).toBeGreaterThan(0);
    expect(view.latestChanges!.length).toBeLessThanOrEqual(10);
    const ids = view.latestChanges!.map((e) => e.id);
    expect([...ids].sort((x, y) => y - x)).toEqual(ids);
  });

  it('lists pending requests by others for an approver, never their own', async () => {
    const a = await servedModel(2);
    const b = await servedModel(2);
    const engineer = await makeUser('engineer');
    const approver1 = await makeUser('approver');
    const approver2 = await makeUser('approver');
    const r1 = await requestPromotion({ db: db(), actor: actorOf(engineer) }, { model: a.name, version: 2, note: 'better recall' });
    const r2 = await requestPromotion({ db: db(), actor: actorOf(approver2) }, { model: b.name, version: 2, note: 'mine' });

    const for1 = (await callerAs(approver1).overview.fleet()).awaitingMe!.map((r) => r.id);
    expect(for1).toEqual(expect.arrayContaining([r1.id, r2.id]));
    const for2 = await callerAs(approver2).overview.fleet();
    expect(for2.awaitingMe!.map((r) => r.id)).toContain(r1.id);
    expect(for2.awaitingMe!.map((r) => r.id)).not.toContain(r2.id);
    expect(for2.awaitingMe!.find((r) => r.id === r1.id)).toMatchObject({ model: a.name, version: 2, target: 'production', requestedBy: engineer.email });
    expect(for2.awaitingMe!.length).toBeLessThanOrEqual(10);
  });

  it('is refused without a session', async () => {
    await expect(callerAs(null).overview.fleet()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
