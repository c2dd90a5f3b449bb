// Sweeps (issue 15): a grid over logreg params becomes N ordinary runs that the real workers
// train; the best run is the best validation metric among them; a bad space, trainer, metric or
// size is refused (400 naming the field) before anything is written.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents, datasetVersions, experiments, jobs, runs, sweeps } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { chunksOf, learnableCsv } from './helpers/csv';
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

async function setup(rows = 400) {
  const engineer = await makeUser('engineer');
  const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('sweep-data') }, chunksOf(learnableCsv(rows, 5)));
  await waitFor(async () => (await db().select().from(datasetVersions).where(eq(datasetVersions.id, up.version.id)))[0], (v) => v.profileStatus === 'ready', 30_000, 'profile');
  return { engineer, caller: callerAs(engineer), dv: up.version };
}

describe('sweeps', () => {
  it('trains a 4-point logreg grid on the workers and picks the run with the best validation log loss', async () => {
    const { caller, dv } = await setup();
    const experiment = uniq('sweep-grid');
    const sweep = await caller.sweeps.start({
      experiment,
      datasetVersionId: dv.id,
      target: 'y',
      trainer: 'logreg',
      space: { l2: [0.01, 1000], max_iter: [1, 100] },
      metric: 'log_loss',
      seed: 3,
    });
    expect(sweep).toMatchObject({ strategy: 'grid', maxRuns: 4, metric: 'log_loss', seed: 3, trainer: 'logreg' });

    // Four ordinary runs, in grid order, each with its own train job (created in the same commit).
    const created = await db().select().from(runs).where(eq(runs.sweepId, sweep.id)).orderBy(asc(runs.sweepIndex));
    expect(created.map((r) => [r.sweepIndex, r.params.l2, r.params.max_iter, r.seed])).toEqual([
      [0, 0.01, 1, 3],
      [1, 0.01, 100, 3],
      [2, 1000, 1, 3],
      [3, 1000, 100, 3],
    ]);
    expect(created.every((r) => r.params.tol === 1e-8)).toBe(true);
    const jobRows = await Promise.all(created.map(async (r) => (await db().select().from(jobs).where(eq(jobs.id, r.jobId!)))[0]));
    expect(jobRows.map((j) => j.queue)).toEqual(['train', 'train', 'train', 'train']);

    const done = await waitFor(() => caller.sweeps.get({ id: sweep.id }), (s) => s.status === 'finished', 120_000, 'sweep');
    expect(done.counts).toMatchObject({ succeeded: 4, failed: 0 });
    expect(done.direction).toBe('min');

    // The best run, checked against the runs' own stored metrics.
    const stored = await db().select().from(runs).where(eq(runs.sweepId, sweep.id));
    const losses = stored.map((r) => ({ id: r.id, index: r.sweepIndex!, loss: (r.metrics as { validation: { metrics: { log_loss: number } } }).validation.metrics.log_loss }));
    const minLoss = Math.min(...losses.map((l) => l.loss));
    const expected = losses.filter((l) => l.loss === minLoss).sort((a, b) => a.index - b.index)[0];
    expect(done.bestRunId).toBe(expected.id);
    expect(done.runs.find((r) => r.id === done.bestRunId)!.value).toBe(minLoss);
    // Heavy shrinkage (l2 1000) pulls every probability to the base rate: a worse log loss.
    const best = done.runs.find((r) => r.id === done.bestRunId)!;
    expect(best.params.l2).toBe(0.01);
    expect(done.runs.filter((r) => r.params.l2 === 1000).every((r) => r.value! > minLoss)).toBe(true);

    const listed = await caller.sweeps.list({ experimentId: done.experiment.id });
    expect(listed).toEqual([expect.objectContaining({ id: sweep.id, runs: 4, open: 0, trainer: 'logreg' })]);
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.targetId, sweep.id));
    expect(audit).toMatchObject({ action: 'sweep.start', targetType: 'sweep' });
  }, 180_000);

  it('draws the same random points for the same seed', async () => {
    const { caller, dv } = await setup(200);
    const space = { l2: { min: 0.001, max: 10, log: true }, max_iter: { min: 20, max: 200 } };
    const start = (experiment: string) => caller.sweeps.start({ experiment, datasetVersionId: dv.id, target: 'y', trainer: 'logreg', strategy: 'random', runs: 3, seed: 11, space });
    const a = await start(uniq('sweep-rand'));
    const b = await start(uniq('sweep-rand'));
    const pointsOf = async (id: string) => (await db().select().from(runs).where(eq(runs.sweepId, id)).orderBy(asc(runs.sweepIndex))).map((r) => r.params);
    const pa = await pointsOf(a.id);
    expect(pa).toHaveLength(3);
    expect(await pointsOf(b.id)).toEqual(pa);
    // max_iter is an integer param of logreg: its range draws whole numbers without `int: true`.
    expect(pa.every((p) => Number.isInteger(p.max_iter))).toBe(true);
    await waitFor(() => caller.sweeps.get({ id: b.id }), (s) => s.status === 'finished', 120_000, 'sweep');
    await waitFor(() => caller.sweeps.get({ id: a.id }), (s) => s.status === 'finished', 120_000, 'sweep');
  }, 180_000);

  it.each([
    ['an unknown param', { space: { nope: [1, 2] } }, 'space', /space: point 1 \(nope=1\): unknown logreg parameter\(s\): nope/],
    ['a value the trainer refuses', { space: { l2: [1, -1] } }, 'space', /space: point 2 \(l2=-1\): logreg parameter l2/],
    ['a bad range', { strategy: 'random', space: { l2: { min: 5, max: 1 } } }, 'space', /space: l2: min \(5\) must be less than max \(1\)/],
    ['a range in a grid', { space: { l2: { min: 0, max: 1 } } }, 'space', /space: l2: a grid needs a list/],
    ['a grid of 121 points', { space: { l2: Array.from({ length: 11 }, (_, i) => i), max_iter: Array.from({ length: 11 }, (_, i) => i + 1) } }, 'space', /the grid has 121 points, more than the 100 runs/],
    ['a grid over its own cap', { space: { l2: [1, 2, 3] }, runs: 2 }, 'space', /the grid has 3 points, more than the 2 runs/],
    ['a space that is not an object', { space: 'l2=1' }, 'space', /space: must be a JSON object/],
    ['an unknown trainer', { trainer: 'xgboost9' }, 'trainer', /unknown trainer 'xgboost9'/],
    ['a target that is not a column', { target: 'nope' }, 'target', /the dataset has no column 'nope'/],
  ])('refuses %s with a 400 naming the field, and creates nothing', async (_what, patch, field, message) => {
    const { caller, dv } = await setup(120);
    const experiment = uniq('sweep-bad');
    const err = await caller.sweeps
      .start({ experiment, datasetVersionId: dv.id, target: 'y', trainer: 'logreg', space: { l2: [1] }, ...patch } as Parameters<typeof caller.sweeps.start>[0])
      .then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message), cause: expect.objectContaining({ field }) });
    expect(await db().select().from(experiments).where(eq(experiments.name, experiment))).toEqual([]);
    expect(await db().select({ id: sweeps.id }).from(sweeps).where(eq(sweeps.datasetVersionId, dv.id))).toEqual([]);
    expect(await db().select({ id: runs.id }).from(runs).where(eq(runs.datasetVersionId, dv.id))).toEqual([]);
  });

  it.each([
    ['an unknown metric', { metric: 'mse' }, /^metric: /],
    ['too many random runs', { strategy: 'random', runs: 101 }, /^runs: /],
    ['a fractional seed', { seed: 1.5 }, /^seed: /],
  ])('refuses %s at the input, naming the field', async (_what, patch, message) => {
    const { caller, dv } = await setup(120);
    const experiment = uniq('sweep-bad');
    await expect(
      caller.sweeps.start({ experiment, datasetVersionId: dv.id, target: 'y', trainer: 'logreg', space: { l2: [1] }, ...patch } as Parameters<typeof caller.sweeps.start>[0]),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    expect(await db().select().from(experiments).where(eq(experiments.name, experiment))).toEqual([]);
  });

  it('lets a viewer read but not start a sweep', async () => {
    const { dv } = await setup(120);
    const viewer = callerAs(await makeUser('viewer'));
    await expect(viewer.sweeps.start({ experiment: uniq('sweep-v'), datasetVersionId: dv.id, target: 'y', trainer: 'logreg', space: { l2: [1] } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.sweeps.list({})).resolves.toBeInstanceOf(Array);
  });
});
