// Retraining that refuses to ship a worse model: real Postgres, Redis, workers (train, evaluate,
// retrain queues), onnxruntime for the golden-set scoring, and the CLI over HTTP.
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { db } from '@/server/db/client';
import { alertRules, aliases, alerts, models, promotionRequests, retrainAttempts, runs, users } from '@/server/db/schema';
import { QUEUES } from '@/server/queue/contract';
import { closeQueues, dispatchPending, queueFor } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { retrainOnAlert } from '@/server/services/retraining/on-alert';
import { RETRAINING_REQUESTER_EMAIL } from '@/server/services/retraining/requester';
import { runScheduledRetrain, scheduleId } from '@/server/services/retraining/schedule';
import { createToken } from '@/server/services/tokens/tokens';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { fairCsv, withSouthLabelBug } from './helpers/csv';
import { startConsoleHttp, type ConsoleHttp } from './helpers/console-http';
import { trainedProduction, uploadProfiled } from './helpers/retraining';
import { waitFor } from './helpers/wait';

let consoleHttp: ConsoleHttp;
let stopWorkers: () => Promise<void>;
beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
  consoleHttp = await startConsoleHttp();
});
afterAll(async () => {
  await consoleHttp.close();
  await stopWorkers();
  await closeQueues();
});

async function setup(opts: { retrainCsv: string; cooldownMinutes?: number; maxPerDay?: number; minLabelledRows?: number }) {
  const s = await trainedProduction();
  const data = await uploadProfiled(s.ctx, opts.retrainCsv);
  await callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: data, cooldownMinutes: opts.cooldownMinutes ?? 60, maxPerDay: opts.maxPerDay ?? 4, minLabelledRows: opts.minLabelledRows ?? 100 });
  await callerAs(s.approver).retraining.setEnabled({ model: s.name, enabled: true });
  return { ...s, data };
}

const attemptRow = async (id: string) => (await db().select().from(retrainAttempts).where(eq(retrainAttempts.id, id)))[0];
const decided = (id: string) => waitFor(() => attemptRow(id), (a) => a.status !== 'running', 240_000, 'retrain decision');

describe('retraining', () => {
  it('refuses a retrain on data with a label-logging bug: better on its own validation split, fails the south slice on the golden set; alert fired, production unchanged', async () => {
    const s = await setup({ retrainCsv: withSouthLabelBug(fairCsv(2400, 5)) });
    const started = await callerAs(s.engineer).retraining.trigger({ model: s.name });
    expect(started.trigger).toBe('manual');
    const a = await decided(started.id);
    expect(a.status, a.reason ?? '').toBe('refused');
    // The trap: on its own (buggy) validation split the candidate looks better than the incumbent did.
    const [run] = await db().select().from(runs).where(eq(runs.id, a.runId!));
    const candVal = (run.metrics as { validation: { metrics: { auc: number } } }).validation.metrics.auc;
    const incVal = (s.incumbentRun.metrics as { validation: { metrics: { auc: number } } }).validation.metrics.auc;
    expect(candVal).toBeGreaterThan(incVal);
    // The report names the group and the metric, with both figures.
    expect(a.reason).toMatch(/slice region=south: auc failed/);
    const report = a.report as { refusedGates: { gate: string; status: string; candidate: number; incumbent: number; change: number }[] };
    const south = report.refusedGates.find((g) => g.gate === 'slice region=south: auc')!;
    expect(south.status).toBe('fail');
    expect(south.change).toBeCloseTo(south.candidate - south.incumbent, 12);
    expect(south.change).toBeLessThan(-0.05);
    // Production untouched, no promotion request, a critical alert through the usual channels.
    const [prod] = await db().select().from(aliases).where(and(eq(aliases.modelId, a.modelId), eq(aliases.name, 'production')));
    expect(prod.versionId).toBe(s.productionVersionId);
    expect(await db().select().from(promotionRequests).where(eq(promotionRequests.modelId, a.modelId))).toHaveLength(0);
    expect(a.promotionRequestId).toBeNull();
    const fired = await db().select().from(alerts).where(and(eq(alerts.modelId, a.modelId), eq(alerts.status, 'firing')));
    expect(fired).toHaveLength(1);
    expect(fired[0].message).toMatch(/retrain of .* refused on the golden set: .*slice region=south: auc failed.*production unchanged/);
    // Listed with its trigger, data, run, evaluation and decision.
    const listed = await callerAs(s.engineer).retraining.attempts({ model: s.name });
    expect(listed[0]).toMatchObject({ attempt: { id: a.id, status: 'refused', trigger: 'manual', runId: a.runId, evaluationId: a.evaluationId }, incumbentVersion: 1, candidateVersion: 2 });
    expect(a.leakage).toEqual({ checked: true, columns: ['x1', 'x2', 'region', 'y'], rows: 0, firstRows: [] });
    // Cooldown: the policy's 60 minutes have not passed.
    await expect(callerAs(s.engineer).retraining.trigger({ model: s.name })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/cooling down/) });
  });

  it('a retrain on genuinely better data becomes a promotion request by the retraining user; two concurrent triggers make one attempt', async () => {
    const s = await setup({ retrainCsv: fairCsv(2400, 5) });
    const results = await Promise.allSettled([callerAs(s.engineer).retraining.trigger({ model: s.name }), callerAs(s.engineer).retraining.trigger({ model: s.name })]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/one at a time/) });
    const id = (won[0] as PromiseFulfilledResult<{ id: string }>).value.id;
    const a = await decided(id);
    expect(a.status, a.reason ?? '').toBe('requested');
    expect(await db().select().from(retrainAttempts).where(eq(retrainAttempts.modelId, a.modelId))).toHaveLength(1);
    const [req] = await db().select().from(promotionRequests).where(eq(promotionRequests.id, a.promotionRequestId!));
    expect(req.status).toBe('pending');
    expect(req.evaluationId).toBe(a.evaluationId);
    const [bot] = await db().select().from(users).where(eq(users.id, req.requestedBy));
    expect(bot.email).toBe(RETRAINING_REQUESTER_EMAIL);
    expect(bot.active).toBe(false);
    // The evidence is the retrain's evaluation, all gates passing; four eyes: an approver decides.
    const view = await callerAs(s.approver).promotions.get({ id: req.id });
    expect(view.evidence.items.find((i) => i.key === 'evaluation')!.status).toBe('pass');
    expect(view.evidence.items.find((i) => i.key === 'fairness')!.status).toBe('pass');
    const [prod] = await db().select().from(aliases).where(and(eq(aliases.modelId, a.modelId), eq(aliases.name, 'production')));
    expect(prod.versionId).toBe(s.productionVersionId);
  });

  it('guardrails: the database allows one running attempt per model; minimum labelled rows; daily maximum; only an approver enables; a changed proposal must be enabled again', async () => {
    const s = await setup({ retrainCsv: fairCsv(150, 9), minLabelledRows: 1000, cooldownMinutes: 0, maxPerDay: 1 });
    await expect(callerAs(s.engineer).retraining.trigger({ model: s.name })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/150 labelled rows of 'y', below the minimum of 1000/) });
    await expect(callerAs(s.engineer).retraining.setEnabled({ model: s.name, enabled: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Overrides are checked when proposed, against the trainer that would run.
    await expect(callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: s.data, params: { n_trees: -1 } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/n_trees/) });
    await expect(callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: s.data, trainer: 'svm' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/unknown trainer 'svm'/) });
    await expect(callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: crypto.randomUUID() })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'no such dataset version' });
    await expect(callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: s.data, cooldownMinutes: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(callerAs(s.engineer).retraining.propose({ model: 'x'.repeat(101), datasetVersionId: s.data })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await callerAs(s.engineer).retraining.policy({ model: s.name }))!.status).toBe('enabled'); // nothing half-written
    await expect(callerAs(await makeUser('viewer')).retraining.trigger({ model: s.name })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: s.data, cooldownMinutes: 0, maxPerDay: 1, minLabelledRows: 100 });
    await expect(callerAs(s.engineer).retraining.trigger({ model: s.name })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/is proposed: an approver or admin must enable it/) });
    await callerAs(s.admin).retraining.setEnabled({ model: s.name, enabled: true });
    const first = await callerAs(s.engineer).retraining.trigger({ model: s.name });
    // The partial unique index, not only the service's check, refuses a second running attempt.
    const { modelId: mid, policyId, datasetVersionId, incumbentVersionId } = await attemptRow(first.id);
    await expect(db().insert(retrainAttempts).values({ modelId: mid, policyId, trigger: 'manual', datasetVersionId, labelledRows: 1, incumbentVersionId })).rejects.toMatchObject({ cause: { code: '23505', constraint: 'retrain_attempts_one_running_idx' } });
    await decided(first.id);
    await expect(callerAs(s.engineer).retraining.trigger({ model: s.name })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/maximum of 1 retrains in 24 hours/) });
    const policy = await callerAs(s.engineer).retraining.policy({ model: s.name });
    expect(policy).toMatchObject({ status: 'enabled', enabledByEmail: s.admin.email, proposedByEmail: s.engineer.email });
  });

  it('leakage: training data holding golden-set rows is refused before training, naming how many and where', async () => {
    const golden = fairCsv(6000, 77).trimEnd().split('\n');
    const s = await setup({ retrainCsv: fairCsv(600, 5) + [golden[10], golden[20], golden[30]].join('\n') + '\n' });
    const started = await callerAs(s.engineer).retraining.trigger({ model: s.name });
    const a = await decided(started.id);
    expect(a.status).toBe('refused');
    expect(a.runId).toBeNull();
    expect(a.leakage).toEqual({ checked: true, columns: ['x1', 'x2', 'region', 'y'], rows: 3, firstRows: [600, 601, 602] });
    expect(a.reason).toMatch(/refused before training: 3 row\(s\) of the training data are rows of the golden set .*first data rows 601, 602, 603/);
  });

  it('on alert: the chosen rule of the policy firing starts a retrain (committed with the alert); another rule does not; a guardrail refusal leaves the alert in place', async () => {
    const s = await setup({ retrainCsv: withSouthLabelBug(fairCsv(2400, 5)) });
    const mid = (await db().select({ id: models.id }).from(models).where(eq(models.name, s.name)))[0].id;
    const rule = async (name: string) => (await db().insert(alertRules).values({ modelId: mid, name, metric: 'drift_share', direction: 'above', threshold: 0.3, windowMinutes: 60, minSamples: 10, severity: 'warning' }).returning())[0];
    const chosen = await rule('holiday shift');
    const other = await rule('latency');
    await expect(callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: s.data, onAlertRuleId: crypto.randomUUID() })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no alert rule/) });
    await callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: s.data, onAlertRuleId: chosen.id, cooldownMinutes: 60 });
    await callerAs(s.approver).retraining.setEnabled({ model: s.name, enabled: true });
    // The monitor's firing transaction, as run-monitor.ts calls the hook.
    const fire = (ruleId: string) =>
      db().transaction(async (tx) => {
        await tx.update(alerts).set({ status: 'resolved', resolvedAt: new Date() }).where(and(eq(alerts.ruleId, ruleId), eq(alerts.status, 'firing')));
        const [a] = await tx.insert(alerts).values({ ruleId, modelId: mid, status: 'firing', message: 'drift' }).returning();
        await retrainOnAlert(tx, { modelId: mid, modelName: s.name, ruleId, alertId: a.id });
        return a;
      });
    await fire(other.id);
    expect(await db().select().from(retrainAttempts).where(eq(retrainAttempts.modelId, mid))).toHaveLength(0);
    await fire(chosen.id);
    const [attempt] = await db().select().from(retrainAttempts).where(eq(retrainAttempts.modelId, mid));
    expect(attempt).toMatchObject({ trigger: 'alert', triggeredBy: null, status: 'running' });
    await dispatchPending(db(), 0); // the worker's sweep, without waiting for its interval
    const a = await decided(attempt.id);
    expect(a.status, a.reason ?? '').toBe('refused');
    // Cooling down now: the next firing is recorded, no second attempt.
    const again = await fire(chosen.id);
    expect((await db().select().from(alerts).where(eq(alerts.id, again.id)))[0].status).toBe('firing');
    expect(await db().select().from(retrainAttempts).where(eq(retrainAttempts.modelId, mid))).toHaveLength(1);
  });

  it('on a schedule: enabling a policy with a cron registers a BullMQ job scheduler; when it fires a retrain starts (guardrails apply); disabling removes it', async () => {
    const s = await setup({ retrainCsv: withSouthLabelBug(fairCsv(2400, 5)) });
    const mid = (await db().select({ id: models.id }).from(models).where(eq(models.name, s.name)))[0].id;
    const q = queueFor(QUEUES.retrainSchedule.name);
    await expect(callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: s.data, scheduleCron: '0 25 * * 1' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/hour '25' is outside 0–23/) });
    await callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: s.data, scheduleCron: '0 3 * * 1' });
    expect(await q.getJobScheduler(scheduleId(mid))).toBeUndefined(); // proposed, not enabled yet
    await callerAs(s.approver).retraining.setEnabled({ model: s.name, enabled: true });
    expect(await q.getJobScheduler(scheduleId(mid))).toMatchObject({ pattern: '0 3 * * 1' });
    // What the scheduler's job runs when the cron fires (not waiting for Monday 03:00).
    const fired = await runScheduledRetrain(mid);
    expect(fired).toHaveProperty('attemptId');
    const a = await decided((fired as { attemptId: string }).attemptId);
    expect(a).toMatchObject({ trigger: 'schedule', triggeredBy: null, status: 'refused' });
    expect(await runScheduledRetrain(mid)).toMatchObject({ skipped: expect.stringMatching(/cooling down/) });
    await callerAs(s.approver).retraining.setEnabled({ model: s.name, enabled: false });
    expect(await q.getJobScheduler(scheduleId(mid))).toBeUndefined();
    expect(await runScheduledRetrain(mid)).toEqual({ skipped: 'no enabled schedule' });
  });

  it('CLI: vigil retrain <model> --wait prints the decision; vigil retrains list shows it', async () => {
    const s = await setup({ retrainCsv: withSouthLabelBug(fairCsv(2400, 5)) });
    const token = (await createToken({ db: db(), actor: actorOf(s.engineer) }, { name: 'cli' })).token;
    const vigil = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await main([...args, '--url', consoleHttp.url, '--token', token], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
      return { code, out, err };
    };
    const r = await vigil('retrain', s.name, '--wait', '--json');
    expect(r.code, r.err).toBe(1);
    const a = JSON.parse(r.out) as { status: string; reason: string; model: string; trigger: string };
    expect(a).toMatchObject({ status: 'refused', model: s.name, trigger: 'manual' });
    expect(a.reason).toMatch(/slice region=south: auc failed/);
    const again = await vigil('retrain', s.name);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/too many requests: .* cooling down/);
    const list = await vigil('retrains', 'list', '--model', s.name);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`${s.name}\\tmanual\\trefused\\tv1 → v2\\t.*slice region=south`));
    expect((await vigil('retrain', uniq('no-such-model').toLowerCase())).err).toMatch(/not found/);
  });
});
