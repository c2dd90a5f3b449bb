// On-call reads the rollups: online traffic is production + canary (shadow, explicit-version and
// batch scoring are not), the same definition as monitoring and `vigil status`; each served
// model's state comes from its open alerts and its error rate.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alerts, servingRejections } from '@/server/db/schema';
import { saveRule } from '@/server/services/monitoring/queries';
import { rollupModel } from '@/server/services/monitoring/rollup';
import { callerAs, makeUser } from './helpers/factories';
import { logPredictions, modelAndVersion } from './helpers/predictions';
import { servedModel } from './helpers/serving';

describe('on-call', () => {
  it('counts online traffic only, from the rollups, and shows healthy / drifting / degraded', async () => {
    const m = await servedModel(1);
    const { modelId, versionId } = await modelAndVersion(m.name);
    await logPredictions(modelId, versionId, 30, { route: 'production', latencyMs: 4 });
    await logPredictions(modelId, versionId, 10, { route: 'canary', latencyMs: 4 });
    await logPredictions(modelId, versionId, 25, { route: 'batch' });
    await logPredictions(modelId, versionId, 15, { route: 'shadow' });
    await logPredictions(modelId, versionId, 5, { route: 'explicit' });
    const viewer = callerAs(await makeUser('viewer'));
    // Before a rollup the raw rows are not read at all.
    expect((await viewer.aliases.onCall()).find((r) => r.name === m.name)!.predictions1h).toBe(0);

    await rollupModel(modelId);
    const row = (await viewer.aliases.onCall()).find((r) => r.name === m.name)!;
    expect(row.predictions1h).toBe(40);
    // 4 ms latencies fall in the (2, 5] ms bucket; the p99 is interpolated inside it (as histogram_quantile does).
    expect(row.p99Ms).toBeCloseTo(2 + 3 * 0.99, 9);
    expect(row.lastPredictionAt).not.toBeNull();
    expect(row).toMatchObject({ state: 'healthy', stateReasons: [] });
    // The model page's traffic panel: every route but batch, each on its own.
    const traffic = await viewer.predictions.traffic({ model: m.name, minutes: 60 });
    const byRoute = (r: string) => traffic.filter((t) => t.route === r).reduce((s, t) => s + t.predictions, 0);
    expect([byRoute('production'), byRoute('canary'), byRoute('shadow'), byRoute('explicit'), byRoute('batch')]).toEqual([30, 10, 15, 5, 0]);

    const driftRule = await saveRule(m.ctx, { model: m.name, name: 'drift', metric: 'feature_drift', direction: 'above', threshold: 0.2, windowMinutes: 30, minSamples: 1, severity: 'warning' });
    await db().insert(alerts).values({ ruleId: driftRule.id, modelId, versionId, status: 'firing', message: 'x1 drifted' });
    expect((await viewer.aliases.onCall()).find((r) => r.name === m.name)).toMatchObject({ state: 'drifting', stateReasons: ['feature_drift alert firing'] });
    const latencyRule = await saveRule(m.ctx, { model: m.name, name: 'slow', metric: 'p95_latency_ms', direction: 'above', threshold: 1, windowMinutes: 30, minSamples: 1, severity: 'warning' });
    await db().insert(alerts).values({ ruleId: latencyRule.id, modelId, versionId, status: 'firing', message: 'slow' });
    expect((await viewer.aliases.onCall()).find((r) => r.name === m.name)).toMatchObject({ state: 'degraded', stateReasons: ['p95_latency_ms alert firing'] });
    await db().update(alerts).set({ status: 'resolved' }).where(eq(alerts.modelId, modelId));

    // No alert yet, but a quarter of the last 15 minutes' requests were rejected: degraded.
    await db().insert(servingRejections).values({ modelName: m.name, minute: new Date(Math.floor(Date.now() / 60_000) * 60_000), reason: 'validation', count: 20 });
    const degraded = (await viewer.aliases.onCall()).find((r) => r.name === m.name)!;
    expect(degraded.state).toBe('degraded');
    expect(degraded.stateReasons[0]).toMatch(/^error rate 33\.3% in the last 15 min/);
  });
});
