// Alert rules on slices through the real monitoring pass: predictions and feedback with a known
// disparity between two regions (a logged-only context field, configured as the model's slice
// column) fire a fairness-disparity and a slice-AUC alert naming the group, and both resolve
// once the traffic is even again.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alertRules, alerts } from '@/server/db/schema';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { callerForRole } from './helpers/factories';
import { logFeedback, logPredictions, modelAndVersion } from './helpers/predictions';
import { servedModel } from './helpers/serving';

async function sliceAlerts(modelId: string) {
  return db()
    .select({ metric: alertRules.metric, status: alerts.status, message: alerts.message, value: alerts.value })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(and(eq(alerts.modelId, modelId), inArray(alertRules.metric, ['fairness_disparity', 'slice_auc_drop'])))
    .orderBy(alertRules.metric);
}

/**
 * 100 rows per region. north: every other row selected (score 0.8, label 1; else 0.2, label 0):
 * rate 0.5, AUC 1. south: one row in five selected (rate 0.2) and the labels the reverse of the
 * scores (AUC 0). 20 rows of "east" stay below the rules' minimum of 50.
 */
async function traffic(modelId: string, versionId: string, even: boolean) {
  const region = (i: number) => (i < 100 ? 'north' : i < 200 ? 'south' : 'east');
  const selected = (i: number) => (region(i) === 'south' && !even ? i % 5 === 0 : i % 2 === 0);
  const recs = await logPredictions(modelId, versionId, 220, {
    row: (i) => ({ inputs: { x1: i % 7, x2: 1 }, outputs: selected(i) ? { score: 0.8, label: 1 } : { score: 0.2, label: 0 }, context: { region: region(i), request: `req-${i}-${Math.random()}` } }),
  });
  await logFeedback(recs, (r, i) => {
    const predicted = (r.outputs as { label: number }).label;
    return region(i) === 'south' && !even ? 1 - predicted : predicted;
  });
}

describe('slice alert rules', () => {
  it('fire on a known disparity between groups, name the group, and resolve when it is gone', async () => {
    const m = await servedModel(1);
    const { modelId, versionId } = await modelAndVersion(m.name);
    const admin = await callerForRole('admin');
    await admin.monitoring.setSliceColumns({ model: m.name, columns: ['region'] });
    const base = { model: m.name, windowMinutes: 60, minSamples: 50, severity: 'warning' as const, enabled: true };
    await admin.monitoring.saveRule({ ...base, name: 'Four-fifths', metric: 'fairness_disparity', feature: null, direction: 'below', threshold: 0.8 });
    await admin.monitoring.saveRule({ ...base, name: 'A region ranks badly', metric: 'slice_auc_drop', feature: 'region', direction: 'above', threshold: 0.15 });

    // A rule on an id-like column (one value per request) skips it, as the Slices view refuses it: the pass goes on.
    await admin.monitoring.saveRule({ ...base, name: 'By request', metric: 'fairness_disparity', feature: 'request', direction: 'below', threshold: 0.8 });

    await traffic(modelId, versionId, false);
    expect((await runMonitor(undefined, { models: [m.name] })).failed).toEqual([]);
    const firing = await sliceAlerts(modelId);
    // One fairness alert (the region rule; the request rule has no figure), one AUC alert.
    expect(firing.map((a) => [a.metric, a.status])).toEqual([['fairness_disparity', 'firing'], ['slice_auc_drop', 'firing']]);
    // 0.2 / 0.5 = 0.4; east (20 rows, rate 0.5) is below the minimum and not the reference.
    expect(firing[0].value).toBeCloseTo(0.4, 6);
    expect(firing[0].message).toBe('selection rate of region = south is 20.0% (100 predictions) against 50.0% for region = north (100): ratio 0.400 in the last 60 min');
    // Overall AUC over the 220 labelled rows: positives are north's and east's 0.8s (60) and
    // south's 0.2s (80); negatives north/east 0.2s (60) and south's 0.8s (20). Wins: 0.8 positives
    // beat 60 negatives and tie 20 (60 × 70 = 4200), 0.2 positives tie 60 (80 × 30 = 2400):
    // 6600 / (140 × 80) = 0.589286; south's AUC is 0, a drop of 0.589.
    expect(firing[1].value).toBeCloseTo(6600 / 11200, 6);
    expect(firing[1].message).toContain('online AUC of region = south is 0.000 against 0.589 overall (drop 0.589) over 100 labelled predictions');

    // Another pass on the same data keeps one alert per rule.
    await runMonitor(undefined, { models: [m.name] });
    expect(await sliceAlerts(modelId)).toHaveLength(2);

    // The window's traffic becomes even (the skewed rows leave it): both resolve.
    await db().execute(sql`DELETE FROM prediction_feedback WHERE model_id = ${modelId}`);
    await db().execute(sql`DELETE FROM predictions WHERE model_id = ${modelId}`);
    await traffic(modelId, versionId, true);
    await runMonitor(undefined, { models: [m.name] });
    expect((await sliceAlerts(modelId)).map((a) => [a.metric, a.status])).toEqual([['fairness_disparity', 'resolved'], ['slice_auc_drop', 'resolved']]);
  });
});
