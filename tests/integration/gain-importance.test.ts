// Gain importance of a GBDT version (issue 18): a worker trains a real GBDT run on data with a
// one-hot categorical input; the version's gain importance sums the run's recorded per-column
// gains back onto the three raw inputs. Versions of other trainers, or uploaded ones, say why
// there is none; an unknown version is a 404 and a bad reference a 400 naming the field.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { datasetVersions, runs } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { chunksOf, learnableCsv } from './helpers/csv';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { trainedOnnx } from './helpers/serving';
import { waitFor } from './helpers/wait';

let stopWorkers: () => Promise<void>;
beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
});
afterAll(async () => {
  await stopWorkers();
  await closeQueues();
});

async function trainedVersion(trainer: 'gbdt' | 'logreg', params: Record<string, unknown>) {
  const engineer = await makeUser('engineer');
  const caller = callerAs(engineer);
  const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('gain') }, chunksOf(learnableCsv(600, 5)));
  await waitFor(async () => (await db().select().from(datasetVersions).where(eq(datasetVersions.id, up.version.id)))[0], (v) => v.profileStatus === 'ready', 30_000, 'profile');
  const run = await caller.runs.start({ experiment: uniq('gain'), datasetVersionId: up.version.id, target: 'y', trainer, params, seed: 1 });
  const trained = await waitFor(async () => (await db().select().from(runs).where(eq(runs.id, run.id)))[0], (r) => r.status === 'succeeded' || r.status === 'failed', 120_000, 'training');
  expect(trained.status, trained.error ?? '').toBe('succeeded');
  const name = uniq('gain').toLowerCase();
  await caller.models.registerFromRun({ runId: run.id, model: name });
  return { name, caller, summary: trained.summary as Record<string, number> };
}

describe('gain importance', () => {
  it('sums the trees’ per-column gains of a GBDT version onto its raw inputs', async () => {
    const { name, summary } = await trainedVersion('gbdt', { n_trees: 30, max_depth: 3 });
    const viewer = callerAs(await makeUser('viewer'));
    const g = await viewer.models.gainImportance({ name, version: 1 });
    if (!g.available) throw new Error(g.reason);
    expect(g.inputs.map((i) => i.input).sort()).toEqual(['region', 'x1', 'x2']);
    // Independently from the stored summary: region is the sum of its one-hot columns.
    const columns = Object.entries(summary).filter(([k]) => k.startsWith('gain:'));
    const region = columns.filter(([k]) => k.startsWith('gain:region')).reduce((s, [, v]) => s + v, 0);
    expect(columns.filter(([k]) => k.startsWith('gain:region'))).toHaveLength(3);
    expect(g.inputs.find((i) => i.input === 'region')!.gain).toBeCloseTo(region, 9);
    expect(g.inputs.find((i) => i.input === 'region')!.columns).toBe(3);
    expect(g.total).toBeCloseTo(columns.reduce((s, [, v]) => s + v, 0), 9);
    expect(g.inputs.reduce((s, i) => s + i.share, 0)).toBeCloseTo(1, 9);
    // y is driven mostly by x1 (see helpers/csv.ts): its splits gain the most.
    expect(g.inputs[0].input).toBe('x1');
    expect(g.inputs[0].gain).toBeGreaterThan(0);
  });

  it('says why there is none for other trainers and uploaded versions, and refuses bad references', async () => {
    const { name } = await trainedVersion('logreg', {});
    const viewer = callerAs(await makeUser('viewer'));
    expect(await viewer.models.gainImportance({ name, version: 1 })).toMatchObject({ available: false, gbdt: false, reason: expect.stringContaining('logreg') });

    const engineer = await makeUser('engineer');
    const uploaded = uniq('gain-up').toLowerCase();
    await uploadModelVersion({ db: db(), actor: actorOf(engineer) }, { model: uploaded }, await trainedOnnx(1));
    expect(await viewer.models.gainImportance({ name: uploaded, version: 1 })).toMatchObject({ available: false, gbdt: false });

    const missing = await viewer.models.gainImportance({ name, version: 99 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TRPCError);
    expect((missing as TRPCError).code).toBe('NOT_FOUND');
    const bad = await viewer.models.gainImportance({ name, version: 0 }).catch((e: unknown) => e);
    expect((bad as TRPCError).message).toMatch(/version/);
    const long = await viewer.models.gainImportance({ name: 'x'.repeat(201), version: 1 }).catch((e: unknown) => e);
    expect((long as TRPCError).message).toMatch(/name/);
  });
});
