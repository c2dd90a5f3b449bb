// Multiclass and regression runs (issue 14) through the console's service (tRPC runs.start), trained
// by the real workers through trainTaskModel, registered as versions whose task and classes come
// from the artifact; sweeps pass the task through and pick the best run by a metric of the task;
// hostile inputs are refused naming the field, or fail the run with the reason; retraining
// refuses a non-binary model.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents, datasetVersions, runs, runSteps } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { chunksOf, seededRand } from './helpers/csv';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { waitFor } from './helpers/wait';

let stopWorkers: () => Promise<void>;
beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
});
afterAll(async () => {
  await stopWorkers();
  await closeQueues();
});

/** x1, x2, region → species (3 classes from a linear rule), price (a noisy linear number), one (a constant class), k (the number 1). */
function taskCsv(rows: number, seed: number): string {
  const rand = seededRand(seed);
  const lines = ['x1,x2,region,species,price,one,k'];
  for (let i = 0; i < rows; i++) {
    const x1 = rand() * 10 - 5;
    const x2 = rand() * 4;
    const region = ['north', 'south', 'east'][Math.floor(rand() * 3)];
    const species = x1 < -1.5 ? 'setosa' : x1 + x2 < 3 ? 'versicolor' : 'virginica';
    const price = 3 * x1 - 2 * x2 + (region === 'north' ? 5 : 0) + (rand() - 0.5);
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${region},${species},${price.toFixed(4)},same,1`);
  }
  return lines.join('\n') + '\n';
}

async function setup(rows = 300) {
  const engineer = await makeUser('engineer');
  const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('task-data') }, chunksOf(taskCsv(rows, 7)));
  await waitFor(async () => (await db().select().from(datasetVersions).where(eq(datasetVersions.id, up.version.id)))[0], (v) => v.profileStatus === 'ready', 30_000, 'profile');
  return { engineer, caller: callerAs(engineer), dv: up.version };
}

const runRow = async (id: string) => (await db().select().from(runs).where(eq(runs.id, id)))[0];
const settled = (r: { status: string }) => ['succeeded', 'failed', 'cancelled'].includes(r.status);

describe('multiclass and regression runs', () => {
  it('trains a multiclass run on the workers, stores its metrics and steps, and registers a multiclass version with its classes', async () => {
    const { caller, dv } = await setup();
    const run = await caller.runs.start({ experiment: uniq('mc'), datasetVersionId: dv.id, target: 'species', task: 'multiclass', trainer: 'gbdt', params: { n_trees: 15, max_depth: 3 }, seed: 2, columns: ['x1', 'x2', 'region'] });
    expect(run).toMatchObject({ task: 'multiclass', trainer: 'gbdt', status: 'queued' });
    expect(run.name).toMatch(/^multiclass gbdt on /);
    const done = await waitFor(() => runRow(run.id), settled, 90_000, 'multiclass run');
    expect(done.status, done.error ?? '').toBe('succeeded');
    const m = done.metrics as { task: string; training: { accuracy: number }; validation: { split: { stratified: boolean }; metrics: { accuracy: number; log_loss: number; macro_f1: number; auc_ovr: Record<string, number> } }; parity: { output: string; max_output_diff: number } };
    expect(m.task).toBe('multiclass');
    expect(m.validation.split.stratified).toBe(true);
    expect(m.validation.metrics.accuracy).toBeGreaterThan(0.8);
    expect(m.validation.metrics.macro_f1).toBeGreaterThan(0.7);
    expect(m.validation.metrics.log_loss).toBeLessThan(0.7);
    expect(Object.keys(m.validation.metrics.auc_ovr).sort()).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(m.parity).toMatchObject({ output: 'probabilities' });
    expect(m.parity.max_output_diff).toBeLessThanOrEqual(1e-6);
    // Live step metrics, as for a binary run: both fits, one row per iteration.
    const steps = await db().select().from(runSteps).where(eq(runSteps.runId, run.id));
    expect(steps.some((s) => s.phase === 'holdout')).toBe(true);
    expect(steps.filter((s) => s.phase === 'final')).toHaveLength((done.summary as { best_iteration: number }).best_iteration);
    expect(Object.keys(steps[0].metrics).length).toBeGreaterThan(0);
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.targetId, run.id)).orderBy(auditEvents.at);
    expect(audit).toMatchObject({ action: 'run.start', after: expect.objectContaining({ task: 'multiclass' }) });

    // The run page's read: the task is part of the run row.
    const page = await caller.runs.get({ id: run.id });
    expect(page.run.task).toBe('multiclass');

    const name = uniq('species').toLowerCase();
    const reg = await caller.models.registerFromRun({ runId: run.id, model: name });
    expect(reg.version).toMatchObject({ task: 'multiclass', classes: ['setosa', 'versicolor', 'virginica'] });
    expect((reg.version.metrics as { validation: { macro_f1: number } }).validation.macro_f1).toBe(m.validation.metrics.macro_f1);
    // Lineage records the task: on the run and on the version.
    const lineage = await caller.models.lineage({ versionId: reg.version.id });
    expect(lineage.nodes.find((n) => n.kind === 'run')!.detail).toMatchObject({ task: 'multiclass' });
    expect(lineage.nodes.find((n) => n.kind === 'model_version')!.detail).toMatchObject({ task: 'multiclass', classes: 'setosa, versicolor, virginica' });

    // Reproducing keeps the task.
    const again = await caller.runs.reproduce({ runId: run.id });
    expect(again.task).toBe('multiclass');

    // Retraining is refused for a multiclass model, saying why.
    await expect(caller.retraining.propose({ model: name, dataSource: 'dataset', datasetVersionId: dv.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/is a multiclass model; automatic retraining is for binary models/),
    });
  }, 180_000);

  it('trains regression runs (gbdt with steps, ridge with l2) and registers a regression version', async () => {
    const { caller, dv } = await setup();
    const exp = uniq('reg');
    const gbdt = await caller.runs.start({ experiment: exp, datasetVersionId: dv.id, target: 'price', task: 'regression', trainer: 'gbdt', params: { n_trees: 20, max_depth: 3 }, seed: 1, columns: ['x1', 'x2', 'region'] });
    const ridge = await caller.runs.start({ experiment: exp, datasetVersionId: dv.id, target: 'price', task: 'regression', trainer: 'ridge', params: { l2: 0.5 }, columns: ['x1', 'x2', 'region'] });
    const [g, r] = await Promise.all([waitFor(() => runRow(gbdt.id), settled, 90_000, 'gbdt regression'), waitFor(() => runRow(ridge.id), settled, 90_000, 'ridge regression')]);
    expect(g.status, g.error ?? '').toBe('succeeded');
    expect(r.status, r.error ?? '').toBe('succeeded');
    expect(r.params).toEqual({ l2: 0.5 });
    type Reg = { task: string; validation: { metrics: { rmse: number; mae: number; r2: number } }; parity: { output: string } };
    const rm = r.metrics as Reg;
    expect(rm.task).toBe('regression');
    expect(rm.parity.output).toBe('prediction');
    // The relation is linear: ridge fits it to about the noise (uniform ±0.5: sd 0.29).
    expect(rm.validation.metrics.r2).toBeGreaterThan(0.98);
    expect(rm.validation.metrics.rmse).toBeLessThan(0.5);
    expect(rm.validation.metrics.mae).toBeLessThan(rm.validation.metrics.rmse + 1e-12);
    expect((g.metrics as Reg).validation.metrics.r2).toBeGreaterThan(0.8);
    expect((await db().select().from(runSteps).where(eq(runSteps.runId, g.id))).length).toBeGreaterThan(1);

    // The experiment's runs list carries the task and its headline metric.
    const expRow = await caller.experiments.get({ id: g.experimentId });
    expect(expRow.runs.find((x) => x.id === r.id)).toMatchObject({ task: 'regression', validationRmse: rm.validation.metrics.rmse, validationAuc: null });

    const name = uniq('price').toLowerCase();
    const reg = await caller.models.registerFromRun({ runId: r.id, model: name });
    expect(reg.version).toMatchObject({ task: 'regression', classes: null });
    // Another regression run joins the regression model as its next version.
    expect((await caller.models.registerFromRun({ runId: g.id, model: name })).version.task).toBe('regression');
  }, 180_000);

  it('refuses a trainer the task does not allow, a bad task, bad params, and targets the profile rules out', async () => {
    const { caller, dv } = await setup(120);
    const base = { experiment: uniq('bad'), datasetVersionId: dv.id };
    const refused = (input: Parameters<typeof caller.runs.start>[0], message: RegExp) => expect(caller.runs.start(input)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    await refused({ ...base, target: 'species', task: 'multiclass', trainer: 'ridge' }, /unknown trainer 'ridge' for task multiclass \(available: logreg, gbdt\)/);
    await refused({ ...base, target: 'price', task: 'regression', trainer: 'logreg' }, /unknown trainer 'logreg' for task regression \(available: ridge, gbdt\)/);
    await refused({ ...base, target: 'price', task: 'regression', trainer: 'ridge', params: { alpha: 1 } }, /unknown ridge parameter\(s\): alpha/);
    await refused({ ...base, target: 'price', task: 'regression', trainer: 'ridge', params: { l2: -1 } }, /ridge parameter l2/);
    await refused({ ...base, target: 'species', task: 'ternary' as 'binary', trainer: 'logreg' }, /must be one of binary, multiclass, regression/);
    await refused({ ...base, target: 'species', task: 'regression', trainer: 'ridge' }, /target column 'species' must hold a number on every row for regression; it is categorical/);
    await refused({ ...base, target: 'one', task: 'multiclass', trainer: 'logreg' }, /target column 'one' holds one class only/);
    await refused({ ...base, target: 'species', task: 'multiclass', trainer: 'logreg', validation: { kind: 'out_of_time', fraction: 0.2 } }, /out-of-time validation is for binary runs/);
    // The binary path is unchanged: a class-name target is still refused for a binary run.
    await refused({ ...base, target: 'species', trainer: 'logreg' }, /must hold 0\/1 labels/);
    expect(await db().select().from(runs).where(eq(runs.datasetVersionId, dv.id))).toHaveLength(0);
  }, 60_000);

  it('fails a multiclass run whose numeric target has one class, with the reason', async () => {
    const { caller, dv } = await setup(120);
    // The profile cannot rule it out (as text, 1 and 1.0 would be two classes): the worker does.
    const run = await caller.runs.start({ experiment: uniq('one'), datasetVersionId: dv.id, target: 'k', task: 'multiclass', trainer: 'logreg', columns: ['x1', 'x2'] });
    const done = await waitFor(() => runRow(run.id), settled, 60_000, 'one-class run');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/target 'k' has only class "1"; multiclass training needs at least 2 classes/);
  }, 90_000);

  it('sweeps a multiclass trainer, picking the best run by validation log-loss by default', async () => {
    const { caller, dv } = await setup(240);
    await expect(caller.sweeps.start({ experiment: uniq('sw'), datasetVersionId: dv.id, target: 'species', task: 'multiclass', trainer: 'logreg', space: { l2: [0.01, 100] }, metric: 'auc' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/'auc' is not a multiclass metric; pick one of log_loss, accuracy, macro_f1/),
    });
    await expect(caller.sweeps.start({ experiment: uniq('sw'), datasetVersionId: dv.id, target: 'price', task: 'regression', trainer: 'ridge', space: { alpha: [1] } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const sweep = await caller.sweeps.start({ experiment: uniq('sw'), datasetVersionId: dv.id, target: 'species', task: 'multiclass', trainer: 'logreg', space: { l2: [0.01, 100] }, seed: 4 });
    expect(sweep).toMatchObject({ task: 'multiclass', metric: 'log_loss', maxRuns: 2 });
    const done = await waitFor(() => caller.sweeps.get({ id: sweep.id }), (s) => s.status === 'finished', 120_000, 'sweep');
    expect(done.counts).toMatchObject({ succeeded: 2 });
    expect(done.direction).toBe('min');
    const stored = await db().select().from(runs).where(eq(runs.sweepId, sweep.id));
    expect(stored.every((r) => r.task === 'multiclass')).toBe(true);
    const loss = (id: string) => (stored.find((r) => r.id === id)!.metrics as { validation: { metrics: { log_loss: number } } }).validation.metrics.log_loss;
    const other = stored.find((r) => r.id !== done.bestRunId)!;
    expect(loss(done.bestRunId!)).toBeLessThan(loss(other.id));
    // Heavy shrinkage pulls every probability towards the class shares: the worse log-loss.
    expect(stored.find((r) => r.id === done.bestRunId)!.params.l2).toBe(0.01);

    const reg = await caller.sweeps.start({ experiment: uniq('sw'), datasetVersionId: dv.id, target: 'price', task: 'regression', trainer: 'ridge', space: { l2: [0.1, 1] } });
    expect(reg).toMatchObject({ task: 'regression', metric: 'rmse' });
    expect((await caller.sweeps.get({ id: reg.id })).direction).toBe('min');
  }, 180_000);
});
