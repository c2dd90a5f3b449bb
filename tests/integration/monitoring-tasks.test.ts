// Monitoring of multiclass and regression models end to end: versions trained by Vigil's own task
// trainers and uploaded with their training data get per-task references; logged predictions are
// rolled up by the monitoring pass; prediction drift, online RMSE / accuracy / macro-F1 are checked
// against figures computed here independently; feedback is checked per task (hostile labels
// refused naming the field); an alert fires on regression RMSE.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alertRules, alerts, models, modelVersions, predictionFeedback, referenceProfiles } from '@/server/db/schema';
import { buildTable } from '@/server/ml/data/table';
import { parseCsv } from '@/server/ml/data/csv';
import type { MulticlassScoreReference, RegressionScoreReference } from '@/server/ml/monitoring/reference';
import { trainTaskModel } from '@/server/ml/training/train-task-model';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { saveRule } from '@/server/services/monitoring/queries';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { monitoringSeries } from '@/server/services/monitoring/series';
import { sliceReport } from '@/server/services/monitoring/slices';
import { windowReport } from '@/server/services/monitoring/window-report';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { actorOf, makeUser, uniq } from './helpers/factories';
import { chunksOf } from './helpers/csv';
import { logFeedback, logPredictions, modelAndVersion } from './helpers/predictions';
import { client, trainedOnnx } from './helpers/serving';
import { waitFor } from './helpers/wait';

/** Three inputs, a class (low / mid / high) and a value, both driven by the inputs. */
function taskCsv(n: number, seed: number): string {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['a,b,c,cls,value'];
  for (let i = 0; i < n; i++) {
    const a = r() * 4 - 2;
    const b = r() * 100;
    const c = ['red', 'green', 'blue'][Math.floor(r() * 3)];
    const z = 1.5 * a + (c === 'red' ? 1 : -0.5) + b / 50 - 1 + (r() - 0.5);
    lines.push(`${a.toFixed(4)},${b.toFixed(2)},${c},${z < -1 ? 'low' : z < 1 ? 'mid' : 'high'},${(10 * z + 100).toFixed(3)}`);
  }
  return lines.join('\n') + '\n';
}

// Independent of the code under test: PSI with proportions floored at 0.0001 (README), 20 equal score bins, decile bins by edges.
function psi(ref: number[], cur: number[]): number {
  const nr = ref.reduce((a, b) => a + b, 0);
  const nc = cur.reduce((a, b) => a + b, 0);
  let s = 0;
  for (let i = 0; i < ref.length; i++) {
    const p = Math.max(ref[i] / nr, 1e-4);
    const q = Math.max(cur[i] / nc, 1e-4);
    s += (q - p) * Math.log(q / p);
  }
  return s;
}
const bin20 = (p: number) => Math.min(19, Math.floor(p * 20));
const binEdges = (edges: number[], x: number) => edges.filter((e) => e < x).length;

let admin: Awaited<ReturnType<typeof makeUser>>;
let ctx: { db: ReturnType<typeof db>; actor: ReturnType<typeof actorOf> };
let datasetVersionId: string;
let multiclassOnnx: Uint8Array;
let regressionOnnx: Uint8Array;
let serving: RunningServing;

/** A model of one uploaded version (with the training data as its reference) in production. */
async function servedVersion(bytes: Uint8Array, prefix: string) {
  const name = uniq(prefix).toLowerCase();
  await uploadModelVersion(ctx, { model: name, datasetVersionId }, bytes);
  await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'task monitoring test' });
  return { name, ...(await modelAndVersion(name)) };
}

beforeAll(async () => {
  admin = await makeUser('admin');
  ctx = { db: db(), actor: actorOf(admin) };
  const csv = taskCsv(600, 7);
  const up = await uploadDataset(ctx, { name: uniq('tasks') }, chunksOf(csv));
  datasetVersionId = up.version.id;
  const { header, rows } = parseCsv(csv);
  // Each model takes a, b and c only (the other target is not an input).
  const without = (col: number) => buildTable(header.filter((_, j) => j !== col), rows.map((r) => r.filter((_, j) => j !== col)));
  multiclassOnnx = (await trainTaskModel({ task: 'multiclass', table: without(4), target: 'cls', trainer: 'logreg', seed: 1 })).onnxBytes;
  regressionOnnx = (await trainTaskModel({ task: 'regression', table: without(3), target: 'value', trainer: 'ridge', seed: 1 })).onnxBytes;
  serving = await startServing({ port: 0, log: () => {} });
}, 120_000);
afterAll(async () => {
  await serving?.close();
});

describe('monitoring multiclass and regression models', () => {
  it('multiclass: a per-class reference, per-class probability and predicted-class drift (a class absent from the window)', async () => {
    const m = await servedVersion(multiclassOnnx, 'mc');
    const [v] = await db().select().from(modelVersions).where(eq(modelVersions.id, m.versionId));
    expect(v.task).toBe('multiclass');
    expect(v.classes).toEqual(['high', 'low', 'mid']);
    // Even: predicted 'low'; odd: 'mid'; 'high' is never predicted in the window.
    const probs = (i: number) => (i % 2 === 0 ? { high: 0.07, low: 0.81, mid: 0.12 } : { high: 0.13, low: 0.22, mid: 0.65 });
    await logPredictions(m.modelId, m.versionId, 200, { row: (i) => ({ inputs: { a: 0.5, b: 40, c: 'red' }, outputs: { label: i % 2 === 0 ? 'low' : 'mid', probabilities: probs(i) } }) });
    // Hostile log rows (a class the version lacks, a missing probability, no outputs at all): served, not binned.
    const bad = [{ label: 'purple', probabilities: { high: 0.2, low: 0.3, mid: 0.5 } }, { label: 'low', probabilities: { low: 0.9 } }, {}];
    await logPredictions(m.modelId, m.versionId, 3, { row: (i) => ({ inputs: {}, outputs: bad[i] as never }) });
    await runMonitor(Date.now() + 2 * 60_000, { models: [m.name] });

    const [refRow] = await db().select().from(referenceProfiles).where(eq(referenceProfiles.versionId, m.versionId));
    const ref = refRow.score as MulticlassScoreReference;
    expect(ref.task).toBe('multiclass');
    expect(ref.classes).toEqual(['high', 'low', 'mid']);
    expect(ref.n).toBe(600);
    expect(ref.predicted.reduce((a, b) => a + b, 0)).toBe(600);
    for (const row of ref.probabilities) expect(row.reduce((a, b) => a + b, 0)).toBe(600);

    const report = (await windowReport(db(), m.name, { start: new Date(Date.now() - 30 * 60_000), end: new Date(Date.now() + 60_000), minRows: 50 }))!;
    expect(report.task).toBe('multiclass');
    const pd = report.predictionDrift!;
    expect(pd.n).toBe(200);
    // Expected, computed here from the logged probabilities and the stored reference counts.
    const cur = ref.classes.map((c) => {
      const counts = new Array<number>(20).fill(0);
      for (let i = 0; i < 200; i++) counts[bin20(probs(i)[c as 'high'])]++;
      return counts;
    });
    const expected = [psi(ref.predicted, [0, 100, 100]), ...ref.classes.map((_, k) => psi(ref.probabilities[k], cur[k]))];
    expect(pd.components.map((c) => c.name)).toEqual(['predicted class', 'P(high)', 'P(low)', 'P(mid)']);
    pd.components.forEach((c, i) => expect(c.statistic).toBeCloseTo(expected[i], 9));
    expect(pd.statistic).toBeCloseTo(Math.max(...expected), 9);
    expect(pd.classShares).toEqual([
      { class: 'high', reference: ref.predicted[0] / 600, window: 0 },
      { class: 'low', reference: ref.predicted[1] / 600, window: 0.5 },
      { class: 'mid', reference: ref.predicted[2] / 600, window: 0.5 },
    ]);
    expect(pd.statistic).toBeGreaterThan(0.1);
    expect(pd.drifted).toBe(true);
    expect(report.service.predictions).toBe(203);
    // The time series carries the same figures per output (one hour bucket holds the whole window).
    const series = await monitoringSeries(db(), { modelId: m.modelId, modelName: m.name, versionId: m.versionId }, { start: new Date(Date.now() - 3600_000), end: new Date(Date.now() + 60_000), bucketMinutes: 120, minRows: 50 });
    expect(series.task).toBe('multiclass');
    const full = series.buckets.find((b) => b.predictions === 203)!;
    expect(full.predictionDrift).toBeCloseTo(Math.max(...expected), 9);
    expect(full.predictionDriftComponents['P(high)']).toBeCloseTo(expected[1], 9);
    // No label-free estimate for a multiclass model; the series carries the same drift.
    expect(report.estimate.status).toBe('not_applicable');
    // Default rules: none of the binary-only ones.
    const rules = await db().select({ metric: alertRules.metric }).from(alertRules).where(eq(alertRules.modelId, m.modelId));
    expect(rules.map((r) => r.metric)).not.toContain('online_auc_drop');
    expect(rules.map((r) => r.metric)).not.toContain('calibration_gap');
    expect(rules.map((r) => r.metric)).toContain('drift_share');
  }, 60_000);

  it('regression: value drift over the reference deciles, online RMSE / MAE, and an alert firing on RMSE', async () => {
    const m = await servedVersion(regressionOnnx, 'reg');
    const value = (i: number) => 130 + (i % 10) * 1.5;
    const residual = (i: number) => ((i % 4) - 1.5) * 2; // −3, −1, 1, 3
    const records = await logPredictions(m.modelId, m.versionId, 150, { row: (i) => ({ inputs: { a: 0.5, b: 40, c: 'red' }, outputs: { prediction: value(i) } }) });
    await logFeedback(records, (_, i) => value(i) + residual(i));
    // A rule on RMSE, and one that does not fit the task (refused, naming the field).
    await saveRule(ctx, { model: m.name, name: 'RMSE above 2', metric: 'online_rmse', direction: 'above', threshold: 2, windowMinutes: 60, minSamples: 100, severity: 'critical' });
    await expect(saveRule(ctx, { model: m.name, name: 'auc', metric: 'online_auc_drop', direction: 'above', threshold: 0.05, windowMinutes: 60, minSamples: 100, severity: 'critical' })).rejects.toThrow(
      /metric: 'online_auc_drop' applies to binary models; this model is regression/,
    );
    await runMonitor(Date.now() + 2 * 60_000, { models: [m.name] });

    const [refRow] = await db().select().from(referenceProfiles).where(eq(referenceProfiles.versionId, m.versionId));
    const ref = refRow.score as RegressionScoreReference;
    expect(ref.task).toBe('regression');
    expect(ref.n).toBe(600);
    expect(ref.counts).toHaveLength(ref.edges.length + 1);
    expect(ref.edges.length).toBeGreaterThanOrEqual(5);

    const report = (await windowReport(db(), m.name, { start: new Date(Date.now() - 30 * 60_000), end: new Date(Date.now() + 60_000), minRows: 50 }))!;
    const cur = new Array<number>(ref.counts.length).fill(0);
    let sum = 0;
    for (let i = 0; i < 150; i++) {
      cur[binEdges(ref.edges, value(i))]++;
      sum += value(i);
    }
    const pd = report.predictionDrift!;
    expect(pd.task).toBe('regression');
    expect(pd.n).toBe(150);
    expect(pd.statistic).toBeCloseTo(psi(ref.counts, cur), 9);
    expect(pd.mean!.window).toBeCloseTo(sum / 150, 9);
    expect(pd.mean!.reference).toBeCloseTo(ref.mean!, 9);

    let sq = 0;
    let abs = 0;
    for (let i = 0; i < 150; i++) {
      sq += residual(i) ** 2;
      abs += Math.abs(residual(i));
    }
    const online = report.online;
    expect(online.task).toBe('regression');
    expect(online.status).toBe('ok');
    expect(online.task === 'regression' && online.metrics!.rmse).toBeCloseTo(Math.sqrt(sq / 150), 9);
    expect(online.task === 'regression' && online.metrics!.mae).toBeCloseTo(abs / 150, 9);

    // Slices of a regression model: drift per group, no binary performance (its labels are values).
    const slices = await sliceReport(db(), m, 'c', { start: new Date(Date.now() - 30 * 60_000), end: new Date(Date.now() + 60_000), minRows: 50 });
    expect(slices.overall).toMatchObject({ n: 150, labelled: 150, performance: null });

    const firing = await db().select().from(alerts).where(and(eq(alerts.modelId, m.modelId), eq(alerts.status, 'firing')));
    const rmse = firing.find((a) => a.message.startsWith('online RMSE'));
    expect(rmse?.message).toMatch(/online RMSE 2\.2\d* over 150 labelled predictions/);
    expect(rmse?.value).toBeCloseTo(Math.sqrt(sq / 150), 5);
  }, 60_000);

  it('feedback per task through serving: class names, finite numbers, 0/1; hostile labels refused naming labels[i]; online accuracy and macro-F1', async () => {
    const mc = await servedVersion(multiclassOnnx, 'mcs');
    const reg = await servedVersion(regressionOnnx, 'regs');
    const bin = uniq('bin').toLowerCase();
    await uploadModelVersion(ctx, { model: bin }, await trainedOnnx(1));
    await moveAlias(ctx, { model: bin, alias: 'production', version: 1, reason: 'task monitoring test' });
    const key = await createServingKey(ctx, { name: 'tasks', models: [mc.name, reg.name, bin] });
    const call = client(`http://127.0.0.1:${serving.port}`, key.key);
    for (const n of [mc.name, reg.name, bin]) await waitFor(async () => serving.state.routes.get(n)?.production?.version ?? 0, (v) => v === 1, 10_000, `serving ${n}`);

    const rows = Array.from({ length: 60 }, (_, i) => ({ a: (i % 9) / 2 - 2, b: (i * 7) % 100, c: ['red', 'green', 'blue'][i % 3] }));
    const mcRes = await call(`/v1/models/${mc.name}/predict`, { rows });
    expect(mcRes.body.error ?? mcRes.status).toBe(200);
    const mcPreds = mcRes.body.predictions as { prediction_id: string; label: string }[];
    const regRes = await call(`/v1/models/${reg.name}/predict`, { rows: rows.slice(0, 3) });
    const regPreds = regRes.body.predictions as { prediction_id: string; prediction: number }[];
    const binRes = await call(`/v1/models/${bin}/predict`, { rows: [{ x1: 1, x2: 2, region: 'north' }] });
    const binId = (binRes.body.predictions as { prediction_id: string }[])[0].prediction_id;

    // Hostile labels: each refuses the whole request (nothing written) and names its place.
    const refused = async (body: unknown, pattern: RegExp, raw?: string) => {
      const r = await call('/v1/feedback', body, raw ? { raw } : {});
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(pattern);
    };
    await refused({ labels: [{ prediction_id: mcPreds[0].prediction_id, label: 'low' }, { prediction_id: mcPreds[1].prediction_id, label: 'purple' }] }, /labels\[1\]\.label: 'purple' is not a class of this version \(one of high, low, mid\)/);
    await refused({ labels: [{ prediction_id: mcPreds[0].prediction_id, label: 1 }] }, /labels\[0\]\.label: must be a class name/);
    await refused({ labels: [{ prediction_id: regPreds[0].prediction_id, label: 'NaN' }] }, /labels\[0\]\.label: must be a finite number for a regression model/);
    await refused({ labels: [{ prediction_id: regPreds[0].prediction_id, label: '12.5' }] }, /labels\[0\]\.label: must be a finite number/);
    await refused(undefined, /label/, `{"labels":[{"prediction_id":"${regPreds[0].prediction_id}","label":1e999}]}`);
    await refused(undefined, /JSON|json/, `{"labels":[{"prediction_id":"${regPreds[0].prediction_id}","label":NaN}]}`);
    await refused({ labels: [{ prediction_id: binId, label: 2 }] }, /labels\[0\]\.label: must be 0 or 1 for a binary model; got 2/);
    await refused({ labels: [{ prediction_id: binId, label: 'x'.repeat(1001) }] }, /labels\.0\.label|labels\[0\]\.label|label/);
    expect(await db().select().from(predictionFeedback).where(inArray(predictionFeedback.predictionId, [mcPreds[0].prediction_id, regPreds[0].prediction_id, binId]))).toHaveLength(0);

    // Valid labels: a regression value kept exactly, a binary 0/1, and multiclass class names.
    const ok = await call('/v1/feedback', { labels: [{ prediction_id: regPreds[0].prediction_id, label: 123456.789 }, { prediction_id: binId, label: 1 }] });
    expect(ok).toMatchObject({ status: 200, body: { accepted: 2 } });
    const [regFb] = await db().select().from(predictionFeedback).where(eq(predictionFeedback.predictionId, regPreds[0].prediction_id));
    expect(regFb).toMatchObject({ label: 123456.789, labelClass: null, predictedClass: null });
    expect(regFb.score).toBeCloseTo(regPreds[0].prediction, 9);

    const classes = ['high', 'low', 'mid'];
    // Every third row labelled with another class than predicted.
    const truth = mcPreds.map((p, i) => (i % 3 === 0 ? classes[(classes.indexOf(p.label) + 1) % 3] : p.label));
    const fb = await call('/v1/feedback', { labels: mcPreds.map((p, i) => ({ prediction_id: p.prediction_id, label: truth[i] })) });
    expect(fb).toMatchObject({ status: 200, body: { accepted: 60 } });
    // The same label twice at once: written once, the other request told it is already labelled.
    const twice = await Promise.all([0, 1].map(() => call('/v1/feedback', { labels: [{ prediction_id: regPreds[1].prediction_id, label: -4.25 }] })));
    expect(twice.map((r) => r.body.accepted).sort()).toEqual([0, 1]);
    const stored = await db().select().from(predictionFeedback).where(eq(predictionFeedback.versionId, mc.versionId));
    const byId = new Map(stored.map((s) => [s.predictionId, s]));
    mcPreds.forEach((p, i) => expect(byId.get(p.prediction_id)).toMatchObject({ label: classes.indexOf(truth[i]), labelClass: truth[i], predictedClass: classes.indexOf(p.label) }));

    // Accuracy and macro-F1 computed here from the answers and the labels sent.
    const right = mcPreds.filter((p, i) => p.label === truth[i]).length;
    const f1s: number[] = [];
    for (const c of classes) {
      const tp = mcPreds.filter((p, i) => p.label === c && truth[i] === c).length;
      const labelled = truth.filter((t) => t === c).length;
      const predicted = mcPreds.filter((p) => p.label === c).length;
      if (labelled + predicted) f1s.push((2 * tp) / (labelled + predicted));
    }
    await serving.shipper.drain();
    const report = (await windowReport(db(), mc.name, { start: new Date(Date.now() - 30 * 60_000), end: new Date(Date.now() + 60_000), minRows: 50 }))!;
    const online = report.online;
    expect(online.task).toBe('multiclass');
    expect(online.n).toBe(60);
    expect(online.task === 'multiclass' && online.metrics!.accuracy).toBeCloseTo(right / 60, 12);
    expect(online.task === 'multiclass' && online.metrics!.macro_f1).toBeCloseTo(f1s.reduce((a, b) => a + b, 0) / f1s.length, 12);
    const [mrow] = await db().select().from(models).where(eq(models.name, mc.name));
    expect(mrow.id).toBe(mc.modelId);
  }, 90_000);
});
