// Retraining on data built from the prediction log: labelled predictions over a window (exact
// bounds), golden rows left out, content addressing, lineage; out-of-time validation; and a
// passing candidate promoted automatically through canary (real serving, real rollout driver).
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alertRules, aliases, datasetVersions, models, predictionFeedback, promotionEvents, promotionRequests, retrainAttempts, runs } from '@/server/db/schema';
import { parseCsv } from '@/server/ml/data/csv';
import { QUEUES } from '@/server/queue/contract';
import { closeQueues, queueFor } from '@/server/queue/enqueue';
import { DEMO_RETRAIN, seedDemoRetraining } from '@/server/demo/seed-retraining';
import { seedDemoUsers } from '@/server/demo/seed-demo';
import { scheduleId } from '@/server/services/retraining/schedule';
import { startWorkers } from '@/server/queue/start-workers';
import { advanceRollouts } from '@/server/services/promotions/rollout';
import { buildFromPredictions } from '@/server/services/retraining/prediction-data';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { readStoredTable } from '@/server/storage/read-table';
import { fairCsv } from './helpers/csv';
import { callerAs, makeUser } from './helpers/factories';
import { trainedProduction } from './helpers/retraining';
import { client, goodRow, servedModel } from './helpers/serving';
import { waitFor } from './helpers/wait';

let serving: RunningServing;
let stopWorkers: () => Promise<void>;
beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
  serving = await startServing({ port: 0, log: () => {} });
});
afterAll(async () => {
  await serving.close();
  await stopWorkers();
  await closeQueues();
});

interface Logged {
  ts: Date;
  inputs: Record<string, unknown>;
  context?: Record<string, unknown> | null;
  route?: string;
  /** undefined: no feedback arrived for it. */
  label?: number;
}

/** Writes prediction-log rows (as the serving shipper does) and their feedback labels. */
async function logPredictions(modelId: string, versionId: string, rows: Logged[]) {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500).map((r) => ({ ...r, id: crypto.randomUUID() }));
    await db().execute(sql`INSERT INTO predictions (id, ts, model_id, version_id, route, inputs, outputs, latency_ms, context) VALUES ${sql.join(
      batch.map((r) => sql`(${r.id}, ${r.ts.toISOString()}::timestamptz, ${modelId}, ${versionId}, ${r.route ?? 'production'}, ${JSON.stringify(r.inputs)}::jsonb, ${JSON.stringify({ score: 0.5, label: 1 })}::jsonb, 1, ${r.context ? JSON.stringify(r.context) : null}::jsonb)`),
      sql`, `,
    )}`);
    const labelled = batch.filter((r) => r.label !== undefined);
    if (labelled.length) await db().insert(predictionFeedback).values(labelled.map((r) => ({ predictionId: r.id, predictionTs: r.ts, modelId, versionId, label: r.label!, score: 0.5, route: r.route ?? 'production' })));
  }
}

/** Rows of a CSV as logged predictions: x1, x2 as inputs, region as logged-only context, y as the label. */
function asLogged(csv: string, from: Date, to: Date): Logged[] {
  const { rows } = parseCsv(csv);
  const step = (to.getTime() - from.getTime()) / rows.length;
  return rows.map((r, i) => ({ ts: new Date(from.getTime() + Math.floor(i * step)), inputs: { x1: Number(r[0]), x2: Number(r[1]) }, context: { region: r[2] }, label: Number(r[3]) }));
}

const attemptRow = async (id: string) => (await db().select().from(retrainAttempts).where(eq(retrainAttempts.id, id)))[0];
const decided = (id: string) => waitFor(() => attemptRow(id), (a) => a.status !== 'running', 240_000, 'retrain decision');
const goldenSha = async (modelId: string) => (await db().execute(sql`SELECT dv.sha256 FROM model_policies p JOIN dataset_versions dv ON dv.id = p.golden_dataset_version_id WHERE p.model_id = ${modelId}`)).rows[0].sha256 as string;

describe('retraining from the prediction log', () => {
  it('joins only labelled predictions of the model in [from, to), live routes (batch when asked), golden rows left out and reported; same rows → same version; lineage', async () => {
    const s = await trainedProduction();
    const other = await servedModel(1);
    const [otherProd] = await db().select().from(aliases).innerJoin(models, eq(models.id, aliases.modelId)).where(and(eq(models.name, other.name), eq(aliases.name, 'production')));
    const from = new Date(Date.now() - 3 * 86_400_000);
    const to = new Date(Date.now() - 86_400_000);
    const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
    const golden = parseCsv(fairCsv(6000, 77)).rows[4];
    const row = (x1: number, label?: number, extra: Partial<Logged> = {}): Logged => ({ ts: ms(from, 3_600_000), inputs: { x1, x2: 1 }, context: { region: 'east' }, label, ...extra });
    await logPredictions(s.modelId, s.productionVersionId, [
      row(1, 1, { ts: ms(from, -1) }), // just before the window
      row(2, 0, { ts: from }), // the first instant: in
      row(3, 1, { ts: ms(to, -1) }), // the last millisecond: in
      row(4, 1, { ts: to }), // the end is exclusive: out
      row(5), // never labelled: out
      row(6, 1, { route: 'shadow' }), // a shadow copy: out
      row(7, 0, { route: 'batch' }), // batch: only when the policy includes it
      { ts: ms(from, 7_200_000), inputs: { x1: Number(golden[0]), x2: Number(golden[1]) }, context: { region: golden[2] }, label: Number(golden[3]) }, // a golden-set row
    ]);
    await logPredictions(otherProd.models.id, otherProd.aliases.versionId!, [row(8, 1)]); // another model's
    const incumbentDv = s.incumbentRun.datasetVersionId!;
    const input = { modelId: s.modelId, modelName: s.name, from, to, includeBatch: false, incumbentData: { datasetVersionId: incumbentDv, sha256: (await db().select().from(datasetVersions).where(eq(datasetVersions.id, incumbentDv)))[0].sha256 }, target: 'y', append: false, goldenSha256: await goldenSha(s.modelId), minLabelledRows: 2 };

    const built = await buildFromPredictions(db(), input);
    if (!built.ok) throw new Error(built.reason);
    const t = await readStoredTable(built.sha256);
    expect(t.columns.map((c) => c.name)).toEqual(['x1', 'x2', 'region', 'y']);
    expect(Array.from(t.columns[0].values as Float64Array)).toEqual([2, 3]); // in time order
    expect(Array.from(t.columns[3].values as Float64Array)).toEqual([0, 1]);
    expect(t.columns[2].values).toEqual(['east', 'east']); // from the logged-only context
    expect(built.lineage).toEqual({
      source: 'predictions',
      model: s.name,
      versions: [1],
      window: { from: from.toISOString(), to: to.toISOString(), days: 2 },
      routes: ['production', 'canary', 'explicit'],
      labelledRows: 2,
      appendedTo: null,
      golden: { checked: true, columns: ['x1', 'x2', 'region', 'y'], excluded: 1, fromPredictions: 1, fromIncumbent: 0 },
    });
    const [dv] = await db().select().from(datasetVersions).where(eq(datasetVersions.id, built.datasetVersionId));
    expect((dv.lineage as { text: string }).text).toBe(`from predictions of model ${s.name}, versions v1, window ${from.toISOString()} – ${to.toISOString()} (2 days, routes production/canary/explicit): 2 labelled rows; 1 golden-set row(s) left out`);
    expect(dv.rowCount).toBe(2);

    // Content-addressed: the same rows again are the same version.
    const again = await buildFromPredictions(db(), input);
    expect(again).toMatchObject({ ok: true, datasetVersionId: built.datasetVersionId, created: false });
    // Batch rows when the policy includes them; a different set of rows is a different version.
    const withBatch = await buildFromPredictions(db(), { ...input, includeBatch: true });
    if (!withBatch.ok) throw new Error(withBatch.reason);
    expect(withBatch.datasetVersionId).not.toBe(built.datasetVersionId);
    expect(Array.from((await readStoredTable(withBatch.sha256)).columns[0].values as Float64Array)).toEqual([2, 7, 3]);
    // Appended: the incumbent's 400 training rows first (none of them golden), then the predictions.
    const appended = await buildFromPredictions(db(), { ...input, append: true });
    if (!appended.ok) throw new Error(appended.reason);
    expect(appended.lineage.appendedTo).toMatchObject({ datasetVersionId: s.incumbentRun.datasetVersionId, rows: 400 });
    const at = await readStoredTable(appended.sha256);
    expect(at.rowCount).toBe(402);
    expect(Array.from(at.columns[0].values as Float64Array).slice(400)).toEqual([2, 3]);
    // Too few labelled rows: refused with the count and the minimum.
    const few = await buildFromPredictions(db(), { ...input, minLabelledRows: 3 });
    expect(few).toMatchObject({ ok: false, reason: expect.stringMatching(/^refused before training: 2 labelled predictions of .* in the 2-day window .* \(after leaving out 1 golden-set rows\), below the policy's minimum of 3$/) });
  });

  it('policy: window required for predictions; out-of-time validation only with predictions; hostile values name their field', async () => {
    const s = await trainedProduction();
    const propose = (extra: Record<string, unknown>) => callerAs(s.engineer).retraining.propose({ model: s.name, ...extra } as never);
    await expect(propose({ dataSource: 'predictions' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/how many days/) });
    await expect(propose({})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/the dataset version to train on/) });
    await expect(propose({ dataSource: 'predictions', windowDays: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/windowDays/) });
    await expect(propose({ dataSource: 'predictions', windowDays: 'seven' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/windowDays/) });
    await expect(propose({ dataSource: 'predictions', windowDays: 1e9 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/windowDays/) });
    await expect(propose({ dataSource: 'log', windowDays: 7 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/dataSource/) });
    await expect(propose({ dataSource: 'predictions', windowDays: 7, outOfTimeValidationPct: 90 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/outOfTimeValidationPct/) });
    await expect(propose({ datasetVersionId: s.baseDatasetVersionId, outOfTimeValidationPct: 20 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/prediction-time order/) });
    await expect(propose({ dataSource: 'predictions', windowDays: 7, autoPromote: 'yes' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/autoPromote/) });
    expect(await callerAs(s.engineer).retraining.policy({ model: s.name })).toBeNull();
  });

  it('too few labelled predictions in the window: the attempt is refused with its reason, nothing trained', async () => {
    const s = await trainedProduction();
    const now = Date.now();
    await logPredictions(s.modelId, s.productionVersionId, asLogged(fairCsv(5, 3), new Date(now - 86_400_000), new Date(now - 60_000)));
    await callerAs(s.engineer).retraining.propose({ model: s.name, dataSource: 'predictions', windowDays: 7, minLabelledRows: 100 });
    await callerAs(s.approver).retraining.setEnabled({ model: s.name, enabled: true });
    const started = await callerAs(s.engineer).retraining.trigger({ model: s.name });
    expect(started.datasetVersionId).toBeNull();
    const a = await decided(started.id);
    expect(a).toMatchObject({ status: 'refused', runId: null, datasetVersionId: null, labelledRows: 5 });
    expect(a.reason).toMatch(/refused before training: 5 labelled predictions of .* in the 7-day window .*, below the policy's minimum of 100/);
    const listed = await callerAs(s.engineer).retraining.attempts({ model: s.name });
    expect(listed[0]).toMatchObject({ attempt: { id: a.id, status: 'refused' }, dataset: null });
    expect((a.dataLineage as { text: string }).text).toMatch(/^from predictions of model .*, versions v1, window .* \(7 days, routes production\/canary\/explicit\): 5 labelled rows; 0 golden-set row\(s\) left out$/);
    // The evidence view: no evaluation ran, the data's lineage is shown.
    expect(await callerAs(s.engineer).retraining.evidence({ id: a.id })).toMatchObject({ status: 'refused', golden: null, validation: null, lineage: (a.dataLineage as { text: string }).text });
  });

  it('better labelled traffic + an automatic-promotion policy: out-of-time validation, then production through canary (analysis and rollout passes apply)', async () => {
    const s = await trainedProduction();
    await callerAs(s.admin).evaluations.setPolicy({ model: s.name, sensitiveAttributes: ['region'], rolloutPlan: [{ share: 1, minutes: 0.1 }] });
    const now = Date.now();
    await logPredictions(s.modelId, s.productionVersionId, asLogged(fairCsv(2000, 5), new Date(now - 6 * 86_400_000), new Date(now - 60_000)));
    await callerAs(s.engineer).retraining.propose({ model: s.name, dataSource: 'predictions', windowDays: 7, appendToIncumbent: true, outOfTimeValidationPct: 20, autoPromote: true });
    await callerAs(s.approver).retraining.setEnabled({ model: s.name, enabled: true });
    const started = await callerAs(s.engineer).retraining.trigger({ model: s.name });
    const a = await decided(started.id);
    expect(a.status, a.reason ?? '').toBe('requested');
    expect(a.reason).toMatch(/rolling out through canary automatically \(policy enabled by .*\); canary analysis and automatic rollback apply/);
    // The data: 400 incumbent rows + 2000 labelled predictions, validated on the latest 20 %.
    expect(a.labelledRows).toBe(2000);
    const [run] = await db().select().from(runs).where(eq(runs.id, a.runId!));
    expect(run.datasetVersionId).toBe(a.datasetVersionId);
    expect(run.validationSplit).toEqual({ kind: 'out_of_time', fraction: 0.2 });
    expect((run.metrics as { validation: { split: unknown } }).validation.split).toMatchObject({ kind: 'out_of_time', fraction: 0.2, train_rows: 1920, validation_rows: 480 });
    // The evidence diff against production: golden-set metrics side by side, every gate with its change.
    const evd = await callerAs(s.engineer).retraining.evidence({ id: a.id });
    expect(evd.golden).toMatchObject({ rows: 6000, candidateVersion: 2, incumbentVersion: 1 });
    const auc = evd.golden!.metrics.find((m) => m.metric === 'auc')!;
    expect(auc.delta).toBeCloseTo(auc.candidate! - auc.incumbent!, 12);
    expect(evd.golden!.gates.length).toBeGreaterThan(3);
    expect(evd.golden!.gates.every((g) => g.status === 'pass')).toBe(true);
    expect(evd.golden!.gates.find((g) => g.gate === 'overall: auc')!.delta).toBeCloseTo(auc.delta!, 12);
    expect(evd.validation!.map((m) => m.metric)).toContain('auc');
    expect(evd.lineage).toMatch(/appended to the incumbent's training data \(400 rows/);
    // Approved on the policy's behalf: the enabling approver is the decider; the canary is live.
    const [req] = await db().select().from(promotionRequests).where(eq(promotionRequests.id, a.promotionRequestId!));
    expect(req).toMatchObject({ status: 'rolling_out', decidedBy: s.approver.id, currentStep: 0 });
    const events = await db().select().from(promotionEvents).where(eq(promotionEvents.requestId, req.id));
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['requested', 'approved', 'canary_step']));
    await waitFor(async () => serving.state.routes.get(s.name)?.canary?.share ?? 0, (x) => x === 1, 10_000, 'canary at 100%');
    const key = await createServingKey(s.ctx, { name: 'k', models: [s.name] });
    const call = client(`http://127.0.0.1:${serving.port}`, key.key);
    for (let i = 0; i < 8; i++) await Promise.all(Array.from({ length: 25 }, (_, k) => call(`/v1/models/${s.name}/predict`, { rows: [{ ...goodRow, x1: (((i * 25 + k) % 20) - 10) / 2 }], request_key: `r${i}-${k}` })));
    await serving.shipper.drain();
    // The rollout driver's pass, its step time taken as passed (the plan's 6 s, by configuration).
    expect(await advanceRollouts(Date.now() + 2 * 60_000)).toMatchObject({ rolledBack: 0, completed: 1, failed: 0 });
    const [prod] = await db().select().from(aliases).where(and(eq(aliases.modelId, s.modelId), eq(aliases.name, 'production')));
    expect(prod.versionId).toBe(a.candidateVersionId);
    expect((await db().select().from(promotionRequests).where(eq(promotionRequests.id, req.id)))[0].status).toBe('completed');
  });
});

describe('the demo', () => {
  it('seeds loan-default with a golden set and one enabled policy: weekly and on the input-drift (holiday-shift) alert, data from 7 days of labelled traffic; idempotent', async () => {
    await seedDemoUsers(db());
    const m = await servedModel(1);
    const logged: string[] = [];
    await seedDemoRetraining(db(), m.name, (s) => logged.push(s));
    const p = await callerAs(await makeUser('viewer')).retraining.policy({ model: m.name });
    expect(p).toMatchObject({ status: 'enabled', dataSource: 'predictions', windowDays: 7, appendToIncumbent: true, scheduleCron: DEMO_RETRAIN.scheduleCron, proposedByEmail: 'engineer@vigil.local', enabledByEmail: 'approver@vigil.local' });
    const [rule] = await db().select().from(alertRules).where(eq(alertRules.id, p!.onAlertRuleId!));
    expect(rule).toMatchObject({ metric: 'drift_share', isDefault: true });
    expect(await queueFor(QUEUES.retrainSchedule.name).getJobScheduler(scheduleId(p!.modelId))).toMatchObject({ pattern: '0 3 * * 1' });
    const policy = await callerAs(m.admin).evaluations.policy({ model: m.name });
    expect(policy).toMatchObject({ goldenLabelColumn: 'default', sensitiveAttributes: ['gender'] });
    expect(logged.join('\n')).toMatch(/weekly .* and on the input-drift alert/);
    await seedDemoRetraining(db(), m.name);
    expect((await callerAs(m.admin).retraining.policy({ model: m.name }))!.updatedAt).toEqual(p!.updatedAt);
  });
});
