// Monitoring end to end on real services: a version trained by the worker gets a reference
// profile; served traffic is rolled up; a shift in two of three inputs fires the drift alert
// (audited, sent to a signed webhook); labels give online performance.
import crypto from 'node:crypto';
import http from 'node:http';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alerts, auditEvents, featureRollups, models, runs } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { createWebhook } from '@/server/services/monitoring/webhooks';
import { setWebhookAllowPrivate } from '@/server/services/monitoring/webhook-targets';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
import { client } from './helpers/serving';
import { waitFor } from './helpers/wait';

let serving: RunningServing;
let stopWorkers: () => Promise<void>;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let hookServer: http.Server;
let hookUrl = '';

beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
  serving = await startServing({ port: 0, log: () => {} });
  hookServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', () => r()));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as { port: number }).port}/hook`;
});
afterAll(async () => {
  await serving.close();
  await stopWorkers();
  await closeQueues();
  hookServer.close();
});

describe('monitoring', () => {
  it('detects a shift in the served inputs, fires the drift alert and signs the webhook', async () => {
    const admin = await makeUser('admin');
    const ctx = { db: db(), actor: actorOf(admin) };
    const caller = callerAs(admin);
    const up = await uploadDataset(ctx, { name: uniq('mon') }, chunksOf(learnableCsv(2000, 8)));
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: up.version.id, target: 'y', trainer: 'logreg', seed: 1 });
    await waitFor(async () => (await db().select().from(runs).where(eq(runs.id, run.id)))[0], (r) => r.status === 'succeeded', 60_000, 'training');
    const name = uniq('mon').toLowerCase();
    await caller.models.registerFromRun({ runId: run.id, model: name });
    await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'monitor test' });
    const key = await createServingKey(ctx, { name: 'mon', models: [name] });
    // The receiver is on 127.0.0.1: private webhook targets must be allowed explicitly.
    await setWebhookAllowPrivate(ctx, { allow: true, reason: 'local test receiver' });
    const hook = await createWebhook(ctx, { name: 'test hook', url: hookUrl });
    const call = client(`http://127.0.0.1:${serving.port}`, key.key);
    await waitFor(async () => serving.state.routes.get(name)?.production?.version ?? 0, (v) => v === 1, 5000, 'serving');

    // 300 in-distribution rows, then 300 with x1 and x2 shifted well outside the training range.
    const normal = learnableCsv(300, 99).trim().split('\n').slice(1).map((l) => l.split(','));
    const row = (c: string[], shift: number) => ({ x1: Number(c[0]) + shift, x2: c[1] === '' ? null : Number(c[1]) + shift, region: c[2] });
    const ids: { id: string; y: number }[] = [];
    for (const shift of [0, 6]) {
      const res = await call(`/v1/models/${name}/predict`, { rows: normal.map((c) => row(c, shift)) });
      expect(res.status).toBe(200);
      (res.body.predictions as { prediction_id: string }[]).forEach((p, i) => ids.push({ id: p.prediction_id, y: Number(normal[i][3]) }));
    }
    await call('/v1/feedback', { labels: ids.slice(0, 300).map((x) => ({ prediction_id: x.id, label: x.y })) });
    await serving.shipper.drain();

    // Run the pass as if two minutes had passed, so the current minute is complete.
    const result = await runMonitor(Date.now() + 2 * 60_000, { models: [name] });
    expect(result.fired).toBeGreaterThanOrEqual(1);
    const rolled = await db().select().from(featureRollups).where(eq(featureRollups.feature, 'x1'));
    expect(rolled.length).toBeGreaterThan(0);

    const report = await caller.monitoring.report({ model: name, windowMinutes: 30 });
    expect(report!.drift!.driftedFeatures.sort()).toEqual(['x1', 'x2']);
    expect(report!.features.find((f) => f.feature === 'region')!.drifted).toBe(false);
    expect(report!.online.status).toBe('ok');
    expect(report!.online.task).toBe('binary');
    expect(report!.online.task === 'binary' && report!.online.metrics!.auc).toBeGreaterThan(0.8);
    expect(report!.estimate.expectedAuc).not.toBeNull();

    // This model's alerts only (other test files leave firing alerts of their models behind).
    const [mrow] = await db().select().from(models).where(eq(models.name, name));
    const firing = await db().select().from(alerts).where(and(eq(alerts.status, 'firing'), eq(alerts.modelId, mrow.id)));
    const drift = firing.find((a) => a.message.startsWith('input drift'));
    expect(drift?.message).toMatch(/2 of 3 features drifted.*x1, x2|x2, x1/);
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'alert.fire'), eq(auditEvents.targetId, drift!.id)));
    expect(audit).toHaveLength(1);

    const delivery = await waitFor(async () => received.find((r) => r.body.includes(drift!.id)), (x) => !!x, 15_000, 'webhook');
    const expectedSig = `sha256=${crypto.createHmac('sha256', hook.secret).update(delivery!.body).digest('hex')}`;
    expect(delivery!.headers['x-vigil-signature']).toBe(expectedSig);
    expect(JSON.parse(delivery!.body)).toMatchObject({ event: 'alert.firing', alert: { model: name, metric: 'drift_share' } });

    // The histogram drill-down and the time series read the same rollups.
    const h = await caller.monitoring.histogram({ model: name, feature: 'x1', windowMinutes: 30 });
    expect(h.bins.reduce((s, b) => s + b.reference, 0)).toBeCloseTo(1, 9);
    expect(h.bins.at(-1)!.current).toBeGreaterThan(h.bins.at(-1)!.reference);
    const series = await caller.monitoring.series({ model: name, hours: 1, bucketMinutes: 5 });
    expect(series.buckets.reduce((s, b) => s + b.predictions, 0)).toBe(600);

    // A second pass does not fire the same alert again.
    const again = await runMonitor(Date.now() + 2 * 60_000, { models: [name] });
    expect(again.fired).toBe(0);
  });

  it('says "not enough data" for a window below the minimum', async () => {
    const admin = await makeUser('admin');
    const served = await callerAs(admin).aliases.onCall();
    const m = served[0];
    const report = await callerAs(admin).monitoring.report({ model: m.name, windowMinutes: 1 });
    expect(report!.features.every((f) => f.status === 'insufficient_data' || f.nNonMissing >= 100)).toBe(true);
  });

  it('only policy managers change rules and webhooks', async () => {
    const eng = callerAs(await makeUser('engineer'));
    await expect(eng.webhooks.create({ name: 'x', url: 'http://127.0.0.1:1/x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(eng.monitoring.saveRule({ model: 'x', name: 'r', metric: 'drift_share', direction: 'above', threshold: 0.5, windowMinutes: 30, minSamples: 100, severity: 'warning' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(await makeUser('viewer')).monitoring.runNow()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
