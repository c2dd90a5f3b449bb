// The training pipeline end to end on the real worker code: upload → profile job → train job
// (progress, step metrics) → register → lineage; cancel, retry, reproduce (bit-identical).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents, datasetVersions, jobs, runs, runSteps } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
import { waitFor } from './helpers/wait';

let stopWorkers: () => Promise<void>;
beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
});
afterAll(async () => {
  await stopWorkers();
  await closeQueues();
});

async function setup(rows = 300) {
  const engineer = await makeUser('engineer');
  const ctx = { db: db(), actor: actorOf(engineer) };
  const up = await uploadDataset(ctx, { name: uniq('train') }, chunksOf(learnableCsv(rows, 3)));
  return { engineer, caller: callerAs(engineer), dv: up.version };
}

const runRow = async (id: string) => (await db().select().from(runs).where(eq(runs.id, id)))[0];
const settled = (r: { status: string }) => ['succeeded', 'failed', 'cancelled'].includes(r.status);

describe('training pipeline', () => {
  it('profiles an uploaded version in the worker', async () => {
    const { dv } = await setup(100);
    const v = await waitFor(async () => (await db().select().from(datasetVersions).where(eq(datasetVersions.id, dv.id)))[0], (v) => v.profileStatus !== 'pending', 30_000, 'profile');
    expect(v.profileStatus).toBe('ready');
    const profile = v.profile as { name: string; type: string; missing: number }[];
    expect(profile.map((c) => c.name)).toEqual(['x1', 'x2', 'region', 'y']);
    expect(profile.find((c) => c.name === 'x2')!.missing).toBe(6); // rows 0, 17, 34, 51, 68, 85
  });

  it('trains a run with live step metrics, registers it, and draws its lineage', async () => {
    const { caller, dv } = await setup();
    const exp = uniq('exp');
    const run = await caller.runs.start({ experiment: exp, datasetVersionId: dv.id, target: 'y', trainer: 'gbdt', params: { n_trees: 15, max_depth: 3 }, seed: 5 });
    expect(run.status).toBe('queued');
    const done = await waitFor(() => runRow(run.id), settled, 60_000, 'run');
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(done.artifactSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(done.progress).toBe(1);
    const metrics = done.metrics as { validation: { metrics: { auc: number } }; parity: { max_abs_probability_diff: number } };
    expect(metrics.validation.metrics.auc).toBeGreaterThan(0.85);
    expect(metrics.parity.max_abs_probability_diff).toBeLessThanOrEqual(1e-6);
    const steps = await db().select().from(runSteps).where(eq(runSteps.runId, run.id));
    // Early stopping (on by default) may keep fewer rounds in the holdout fit; the final fit trains those.
    const kept = (done.summary as { best_iteration?: number }).best_iteration;
    expect(kept).toBeGreaterThan(0);
    expect(steps.filter((s) => s.phase === 'final')).toHaveLength(kept!);
    expect(steps[0].metrics).toHaveProperty('loss');
    const [job] = await db().select().from(jobs).where(eq(jobs.id, done.jobId!));
    expect(job.status).toBe('succeeded');

    const reg = await caller.models.registerFromRun({ runId: run.id, model: uniq('loan-model').toLowerCase(), tags: ['candidate'] });
    expect(reg.version.version).toBe(1);
    expect(reg.version.artifactSha256).toBe(done.artifactSha256);
    const sig = reg.version.signature as { inputs: { name: string; type: string }[]; outputs: { name: string }[] };
    expect(sig.inputs.map((i) => `${i.name}:${i.type}`)).toEqual(['x1:double', 'x2:double', 'region:string']);
    expect(sig.outputs.map((o) => o.name)).toContain('probability');

    const lineage = await caller.models.lineage({ versionId: reg.version.id });
    expect(lineage.nodes.map((n) => n.kind)).toEqual(['dataset', 'dataset_version', 'feature_spec', 'experiment', 'run', 'model_version']);
    expect(lineage.nodes.find((n) => n.kind === 'dataset_version')!.detail.sha256).toBe(dv.sha256);
    expect(lineage.edges).toContainEqual({ from: run.id, to: reg.version.id, label: 'registered as' });

    const again = await caller.models.registerFromRun({ runId: run.id, model: reg.model.name });
    expect(again.created).toBe(false);
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.targetId, reg.version.id));
    expect(audit.map((a) => a.action)).toEqual(['model_version.register']);
  });

  it('reproduces a run bit-identically from its lineage', async () => {
    const { caller, dv } = await setup();
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'logreg', params: { l2: 0.5 }, seed: 11 });
    const first = await waitFor(() => runRow(run.id), settled, 60_000, 'run');
    expect(first.status, first.error ?? '').toBe('succeeded');
    const repro = await caller.runs.reproduce({ runId: run.id });
    const second = await waitFor(() => runRow(repro.id), settled, 60_000, 'reproduction');
    expect(second.reproducedFromRunId).toBe(run.id);
    expect(second.artifactSha256).toBe(first.artifactSha256);
    const view = await caller.runs.get({ id: repro.id });
    expect(view.reproducedFrom?.artifactSha256).toBe(first.artifactSha256);
  });

  it('refuses bad run requests before queueing, naming the field', async () => {
    const { caller, dv } = await setup(60);
    const base = { experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'gbdt' };
    await expect(caller.runs.start({ ...base, trainer: 'svm' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/unknown trainer 'svm'/) });
    await expect(caller.runs.start({ ...base, params: { n_trees: -1 } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/n_trees/) });
    await expect(caller.runs.start({ ...base, params: { depth: 3 } })).rejects.toMatchObject({ message: expect.stringMatching(/unknown gbdt parameter\(s\): depth/) });
    await expect(caller.runs.start({ ...base, target: 'nope' })).rejects.toMatchObject({ message: expect.stringMatching(/no column 'nope'/) });
    await expect(caller.runs.start({ ...base, target: 'region' })).rejects.toMatchObject({ message: expect.stringMatching(/categorical/) });
    await expect(caller.runs.start({ ...base, spec: { inputs: 'x' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a run whose target is not binary fails with the reason, and can be retried', async () => {
    const engineer = await makeUser('engineer');
    const ctx = { db: db(), actor: actorOf(engineer) };
    const up = await uploadDataset(ctx, { name: uniq('nonbin') }, chunksOf('a,y\n1,0\n2,1\n3,2\n4,0\n5,1\n'));
    const caller = callerAs(engineer);
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: up.version.id, target: 'y', trainer: 'logreg' });
    const failed = await waitFor(() => runRow(run.id), settled, 30_000, 'failure');
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/y/);
    const [job] = await db().select().from(jobs).where(eq(jobs.id, failed.jobId!));
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    const retried = await caller.jobs.retry({ jobId: job.id });
    expect(retried.status).toBe('queued');
    const again = await waitFor(() => runRow(run.id), (r) => settled(r) && r.status !== 'queued', 30_000, 'second failure');
    expect(again.status).toBe('failed');
  });

  it('cancels a running training run between iterations', async () => {
    const { caller, dv } = await setup(2000);
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'gbdt', params: { n_trees: 5000, max_depth: 6, min_samples_leaf: 1, early_stopping_rounds: 0 }, seed: 1 });
    await waitFor(() => runRow(run.id), (r) => r.status === 'running' && r.progress > 0, 30_000, 'running');
    await caller.jobs.cancel({ jobId: run.jobId!, reason: 'too slow' });
    const done = await waitFor(() => runRow(run.id), settled, 30_000, 'cancellation');
    expect(done.status).toBe('cancelled');
    expect(done.artifactSha256).toBeNull();
  });

  it('rejects the wrong role for every training and registry action', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    const id = '00000000-0000-4000-8000-000000000000';
    await expect(viewer.runs.start({ experiment: 'x', datasetVersionId: id, target: 'y', trainer: 'logreg' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.runs.reproduce({ runId: id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.experiments.create({ name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.models.registerFromRun({ runId: id, model: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.models.updateVersion({ versionId: id, tags: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.jobs.cancel({ jobId: id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.jobs.retry({ jobId: id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(null).runs.get({ id })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('batch scoring', () => {
  it('scores a dataset version in the worker, skips and counts invalid rows, logs rows as batch', async () => {
    const { servedModel } = await import('./helpers/serving');
    const { batchScores } = await import('@/server/db/schema');
    const { sql } = await import('drizzle-orm');
    const m = await servedModel(1);
    // Row 3 lacks x1 (not nullable in the model): skipped and counted.
    const csv = 'x1,x2,region,extra\n1,2,north,a\n-2,,south,b\n,1,east,c\n0.5,1,east,d\n';
    const up = await uploadDataset(m.ctx, { name: uniq('score') }, chunksOf(csv));
    const b = await callerAs(m.admin).batch.start({ model: m.name, version: 1, datasetVersionId: up.version.id });
    const done = await waitFor(async () => (await db().select().from(batchScores).where(eq(batchScores.id, b.id)))[0], (x) => x.status !== 'queued' && x.status !== 'running', 30_000, 'batch');
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect([done.rowsScored, done.rowsSkipped]).toEqual([3, 1]);
    const logged = await db().execute(sql`SELECT count(*)::int AS n FROM predictions WHERE request_key = ${`batch:${b.id}`} AND route = 'batch'`);
    expect(logged.rows[0].n).toBe(3);
  });
});
