// A version serving cannot load is reported where people look: besides the model page, On-call
// and /metrics (serving-attacks.test.ts), the monitoring pass raises a critical alert (audited,
// sent to webhooks like any other) while a serving process reports the failure, and resolves it
// once every alias loads again.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alertRules, alerts, servingLoadFailures } from '@/server/db/schema';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { callerAs, makeUser } from './helpers/factories';
import { modelAndVersion } from './helpers/predictions';
import { servedModel } from './helpers/serving';

async function loadAlerts(modelId: string) {
  return db()
    .select({ status: alerts.status, message: alerts.message, severity: alertRules.severity })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(and(eq(alerts.modelId, modelId), eq(alertRules.metric, 'serving_load_failure')));
}

describe('serving load failure alert', () => {
  it('fires while a serving process cannot load a version, names it, and resolves once it loads', async () => {
    const m = await servedModel(1);
    const { modelId, versionId } = await modelAndVersion(m.name);
    await runMonitor(undefined, { models: [m.name] });
    expect(await loadAlerts(modelId)).toEqual([]);

    await db().insert(servingLoadFailures).values({ instance: 'serve-a', modelId, alias: 'shadow', versionId, version: 1, reason: "the graph has no output 'probability' once loaded" });
    await runMonitor(undefined, { models: [m.name] });
    const firing = await loadAlerts(modelId);
    expect(firing).toHaveLength(1);
    expect(firing[0]).toMatchObject({ status: 'firing', severity: 'critical' });
    expect(firing[0].message).toContain("shadow v1 on serve-a: the graph has no output 'probability' once loaded");
    const viewer = callerAs(await makeUser('viewer'));
    expect((await viewer.aliases.onCall()).find((r) => r.name === m.name)).toMatchObject({ state: 'degraded', stateReasons: ['serving_load_failure alert firing'] });

    // A second pass while it still fails keeps the one alert.
    await runMonitor(undefined, { models: [m.name] });
    expect(await loadAlerts(modelId)).toHaveLength(1);

    await db().delete(servingLoadFailures).where(eq(servingLoadFailures.modelId, modelId));
    await runMonitor(undefined, { models: [m.name] });
    expect((await loadAlerts(modelId)).map((a) => a.status)).toEqual(['resolved']);
  });
});
