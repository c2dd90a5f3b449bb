// Promotion on evidence: evaluation gates, four eyes, stale evidence, concurrent decisions,
// canary rollout with automatic rollback and with completion.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { aliases, alerts, evaluations, promotionRequests } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { advanceRollouts } from '@/server/services/promotions/rollout';
import { analyzeCanary } from '@/server/services/promotions/canary-analysis';
import { rollupModel } from '@/server/services/monitoring/rollup';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
import { client, goodRow, trainedOnnx } from './helpers/serving';
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

/** A model with v1 (good, in production) and v2 (good: seed 2, or bad: trained on flipped labels). */
async function setup(opts: { badCandidate: boolean; golden?: boolean }) {
  const admin = await makeUser('admin');
  const engineer = await makeUser('engineer');
  const approver = await makeUser('approver');
  const ctx = { db: db(), actor: actorOf(admin) };
  const name = uniq('promo').toLowerCase();
  await uploadModelVersion(ctx, { model: name }, await trainedOnnx(1));
  await uploadModelVersion(ctx, { model: name }, await trainedOnnx(2, 'logreg', { flipLabels: opts.badCandidate }));
  await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first' });
  if (opts.golden) {
    const up = await uploadDataset(ctx, { name: uniq('golden') }, chunksOf(learnableCsv(400, 77)));
    await callerAs(admin).evaluations.setGoldenSet({ model: name, datasetVersionId: up.version.id, labelColumn: 'y' });
    await callerAs(admin).evaluations.setPolicy({ model: name, sensitiveAttributes: ['region'] });
  }
  return { name, admin, engineer, approver, ctx };
}

const reqRow = async (id: string) => (await db().select().from(promotionRequests).where(eq(promotionRequests.id, id)))[0];

describe('promotion requests', () => {
  it('evaluates a worse candidate on the golden set and shows the failing gates with figures', async () => {
    const s = await setup({ badCandidate: true, golden: true });
    const req = await callerAs(s.engineer).promotions.request({ model: s.name, version: 2, note: 'try the new one' });
    const ev = await waitFor(async () => (await db().select().from(evaluations).where(eq(evaluations.candidateVersionId, req.candidateVersionId)))[0], (e) => !!e && (e.status === 'succeeded' || e.status === 'failed'), 60_000, 'evaluation');
    expect(ev.status, ev.error ?? '').toBe('succeeded');
    expect(ev.verdict).toBe('fail');
    const view = await callerAs(s.approver).promotions.get({ id: req.id });
    const evaluation = view.evidence.items.find((i) => i.key === 'evaluation')!;
    expect(evaluation.status).toBe('fail');
    expect(evaluation.summary).toMatch(/auc .* vs incumbent .*: change -0\.\d+ is below the minimum -0\.0100/);
    const fairness = view.evidence.items.find((i) => i.key === 'fairness')!;
    expect(fairness.gates!.some((g) => g.gate.startsWith('slice region=') && g.status === 'fail')).toBe(true);
    // The candidate went behind shadow for evidence.
    const [sh] = await db().select().from(aliases).where(and(eq(aliases.modelId, req.modelId), eq(aliases.name, 'shadow')));
    expect(sh.versionId).toBe(req.candidateVersionId);
    // Approving over failed gates needs a written override reason.
    await expect(callerAs(s.approver).promotions.decide({ id: req.id, decision: 'approve', comment: 'ok', evidenceHash: view.evidence.hash })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/override reason/) });
  });

  it('four eyes: the requester cannot decide; stale evidence is refused; one of two concurrent approvals wins', async () => {
    const s = await setup({ badCandidate: false });
    const req = await callerAs(s.engineer).promotions.request({ model: s.name, version: 2, note: 'better model' });
    const view = await callerAs(s.approver).promotions.get({ id: req.id });
    const engineerAsApprover = { ...s.engineer, role: 'approver' as const };
    await expect(callerAs(engineerAsApprover).promotions.decide({ id: req.id, decision: 'approve', comment: 'mine', overrideReason: 'x', evidenceHash: view.evidence.hash })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/four eyes/) });
    await expect(callerAs(s.engineer).promotions.decide({ id: req.id, decision: 'approve', comment: 'mine', evidenceHash: view.evidence.hash })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(s.approver).promotions.decide({ id: req.id, decision: 'approve', comment: 'ok', overrideReason: 'no golden set yet', evidenceHash: 'not-the-hash' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/stale/) });
    const other = await makeUser('approver');
    const results = await Promise.allSettled([
      callerAs(s.approver).promotions.decide({ id: req.id, decision: 'approve', comment: 'ship it', overrideReason: 'no golden set yet; shadow looks fine', evidenceHash: view.evidence.hash }),
      callerAs(other).promotions.decide({ id: req.id, decision: 'reject', comment: 'wait', evidenceHash: view.evidence.hash }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const after = await reqRow(req.id);
    expect(['rolling_out', 'rejected']).toContain(after.status);
  });

  it('a request becomes stale when production changes before the decision', async () => {
    const s = await setup({ badCandidate: false });
    const req = await callerAs(s.engineer).promotions.request({ model: s.name, version: 2, note: 'n' });
    const view = await callerAs(s.approver).promotions.get({ id: req.id });
    await moveAlias(s.ctx, { model: s.name, alias: 'production', version: 2, reason: 'an admin broke glass', breakGlass: true });
    await expect(callerAs(s.approver).promotions.decide({ id: req.id, decision: 'approve', comment: 'ok', overrideReason: 'x', evidenceHash: view.evidence.hash })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/stale/) });
    expect((await reqRow(req.id)).status).toBe('stale');
  });

  it('a regressing canary is rolled back automatically, audited and alerted', async () => {
    const s = await setup({ badCandidate: true });
    const req = await callerAs(s.engineer).promotions.request({ model: s.name, version: 2, note: 'n', plan: [{ share: 0.5, minutes: 10 }, { share: 1, minutes: 10 }] });
    const view = await callerAs(s.approver).promotions.get({ id: req.id });
    await callerAs(s.approver).promotions.decide({ id: req.id, decision: 'approve', comment: 'go', overrideReason: 'no golden set', evidenceHash: view.evidence.hash });
    await waitFor(async () => serving.state.routes.get(s.name)?.canary?.share ?? 0, (x) => x === 0.5, 5000, 'canary');
    const key = await createServingKey(s.ctx, { name: 'k', models: [s.name] });
    const call = client(`http://127.0.0.1:${serving.port}`, key.key);
    // Applicants the good model scores high: the flipped candidate scores them low (the regression).
    for (let i = 0; i < 8; i++) await Promise.all(Array.from({ length: 25 }, (_, k) => call(`/v1/models/${s.name}/predict`, { rows: [{ ...goodRow, x1: (i * 25 + k) % 10 }], request_key: `u${i}-${k}` })));
    await serving.shipper.drain();
    const res = await advanceRollouts(Date.now() + 2 * 60_000);
    expect(res.rolledBack).toBe(1);
    const after = await reqRow(req.id);
    expect(after.status).toBe('rolled_back');
    const [canary] = await db().select().from(aliases).where(and(eq(aliases.modelId, req.modelId), eq(aliases.name, 'canary')));
    expect(canary.versionId).toBeNull();
    const fired = await db().select().from(alerts).where(and(eq(alerts.modelId, req.modelId), eq(alerts.status, 'firing')));
    expect(fired[0].message).toMatch(/rolled back automatically: (.*; )?prediction distribution moved: Jensen–Shannon distance/);
    const detail = await callerAs(s.approver).promotions.get({ id: req.id });
    expect(detail.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['requested', 'shadow_started', 'approved', 'canary_step', 'auto_rollback']));
  });

  async function approvedWithTraffic(s: Awaited<ReturnType<typeof setup>>, plan: { share: number; minutes: number }[]) {
    const req = await callerAs(s.engineer).promotions.request({ model: s.name, version: 2, note: 'n', plan });
    const view = await callerAs(s.approver).promotions.get({ id: req.id });
    await callerAs(s.approver).promotions.decide({ id: req.id, decision: 'approve', comment: 'go', overrideReason: 'no golden set', evidenceHash: view.evidence.hash });
    await waitFor(async () => serving.state.routes.get(s.name)?.canary?.share ?? 0, (x) => x === plan[0].share, 5000, 'canary');
    const key = await createServingKey(s.ctx, { name: 'k', models: [s.name] });
    const call = client(`http://127.0.0.1:${serving.port}`, key.key);
    for (let i = 0; i < 8; i++) await Promise.all(Array.from({ length: 25 }, (_, k) => call(`/v1/models/${s.name}/predict`, { rows: [{ ...goodRow, x1: (((i * 25 + k) % 20) - 10) / 2 }], request_key: `h${i}-${k}` })));
    await serving.shipper.drain();
    return req;
  }

  it('a healthy canary completes its plan: production moves to the candidate', async () => {
    const s = await setup({ badCandidate: false });
    const req = await approvedWithTraffic(s, [{ share: 1, minutes: 0.1 }]);
    const r1 = await advanceRollouts(Date.now() + 2 * 60_000);
    expect(r1).toMatchObject({ rolledBack: 0, completed: 1, failed: 0 });
    const [prod] = await db().select().from(aliases).where(and(eq(aliases.modelId, req.modelId), eq(aliases.name, 'production')));
    expect(prod.versionId).toBe(req.candidateVersionId);
    expect((await reqRow(req.id)).status).toBe('completed');
  });

  it('the last step (100 %) runs its own time before production moves (D19)', async () => {
    const s = await setup({ badCandidate: false });
    const req = await approvedWithTraffic(s, [{ share: 0.5, minutes: 0.1 }, { share: 1, minutes: 2 }]);
    // Step 1 has run its time: the canary goes to 100 %; production has not moved (it did, before the fix).
    const r1 = await advanceRollouts(Date.now() + 2 * 60_000);
    expect(r1).toMatchObject({ rolledBack: 0, advanced: 1, completed: 0 });
    const row = await reqRow(req.id);
    expect(row).toMatchObject({ status: 'rolling_out', currentStep: 1 });
    await waitFor(async () => serving.state.routes.get(s.name)?.canary?.share ?? 0, (x) => x === 1, 5000, 'canary at 100%');
    const [prod] = await db().select().from(aliases).where(and(eq(aliases.modelId, req.modelId), eq(aliases.name, 'production')));
    expect(prod.versionId).toBe(req.incumbentVersionId);
    // One minute into the two-minute last step: still waiting.
    expect(await advanceRollouts(row.stepStartedAt!.getTime() + 60_000)).toMatchObject({ completed: 0 });
    expect(await reqRow(req.id)).toMatchObject({ status: 'rolling_out', currentStep: 1 });
  });

  it('canary analysis counts labels over the same window as predictions (D19: "labelled 54 > predictions 50")', async () => {
    const s = await setup({ badCandidate: false });
    const req = await approvedWithTraffic(s, [{ share: 0.5, minutes: 10 }, { share: 1, minutes: 10 }]);
    // Label every canary prediction at once: the labels exist before the rollups include the predictions.
    const preds = await db().execute(sql`SELECT id FROM predictions WHERE model_id = ${req.modelId} AND route = 'canary'`);
    const key = await createServingKey(s.ctx, { name: 'fb', models: [s.name] });
    const fb = await client(`http://127.0.0.1:${serving.port}`, key.key)('/v1/feedback', { labels: preds.rows.map((r) => ({ prediction_id: r.id, label: 1 })) });
    expect(fb.body).toMatchObject({ accepted: preds.rows.length });
    // Labels count up to the rollups' watermark, so the analysis never sees more labels than predictions.
    const until = (await rollupModel(req.modelId)).watermark;
    const analysis = await analyzeCanary(db(), { modelId: req.modelId, name: s.name }, req.candidateVersionId, req.incumbentVersionId!, (await reqRow(req.id)).stepStartedAt!, until);
    expect(analysis.canary.labelled).toBeLessThanOrEqual(analysis.canary.predictions);
    const later = (await rollupModel(req.modelId)).watermark;
    const full = await analyzeCanary(db(), { modelId: req.modelId, name: s.name }, req.candidateVersionId, req.incumbentVersionId!, (await reqRow(req.id)).stepStartedAt!, later);
    expect(full.canary.predictions).toBe(preds.rows.length);
    expect(full.canary.labelled).toBe(preds.rows.length);
  });

  it('rejects the wrong role for every promotion action', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    const id = '00000000-0000-4000-8000-000000000000';
    await expect(viewer.promotions.request({ model: 'x', version: 1, note: 'n' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(await makeUser('engineer')).promotions.decide({ id, decision: 'approve', comment: 'c', evidenceHash: 'h' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.promotions.abortCanary({ model: 'x', reason: 'r' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.evaluations.setGoldenSet({ model: 'x', datasetVersionId: id, labelColumn: 'y' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(await makeUser('engineer')).evaluations.setPolicy({ model: 'x', sensitiveAttributes: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
