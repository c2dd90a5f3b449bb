// An experiment's feature spec versions (issue 18): the fitted specs its runs used, newest first,
// each with its runs; the run form's column choices say which columns have missing values (the
// spec editor seeds an impute for them). Bad ids are refused naming the field.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { datasetVersions, runs } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { diffSpecs } from '@/components/features/spec-diff';
import type { FeatureSpec } from '@/server/ml/features/spec';
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

const settled = (r: { status: string }) => ['succeeded', 'failed', 'cancelled'].includes(r.status);
const runRow = async (id: string) => (await db().select().from(runs).where(eq(runs.id, id)))[0];

describe('feature spec versions', () => {
  it('lists the fitted specs of an experiment with their runs, newest first, and diffs them', async () => {
    const engineer = await makeUser('engineer');
    // Blank the first x2 so it has a missing value.
    const text = learnableCsv(200, 3).replace(/\n([^,\n]*),([^,\n]*),/, '\n$1,,');
    const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('specv') }, chunksOf(text));
    await waitFor(async () => (await db().select().from(datasetVersions).where(eq(datasetVersions.id, up.version.id)))[0], (v) => v.profileStatus === 'ready', 30_000, 'profile');
    const caller = callerAs(engineer);
    const choices = await caller.runs.columns({ datasetVersionId: up.version.id });
    const nullable = Object.fromEntries(choices.columns.map((c) => [c.name, c.nullable]));
    expect(nullable.x1).toBe(false);
    expect(nullable.x2).toBe(true);

    const experiment = uniq('specv-exp');
    const clipped = {
      version: 1,
      inputs: [{ name: 'x1', type: 'numeric', nullable: false }],
      features: [{ input: 'x1', transforms: [{ op: 'standardize' }, { op: 'clip', min: -1, max: 1 }] }],
    };
    const r1 = await caller.runs.start({ experiment, datasetVersionId: up.version.id, target: 'y', trainer: 'logreg', spec: clipped });
    expect((await waitFor(() => runRow(r1.id), settled, 60_000, 'run 1')).status).toBe('succeeded');
    const r2 = await caller.runs.start({ experiment, datasetVersionId: up.version.id, target: 'y', trainer: 'logreg', columns: ['x1'] });
    expect((await waitFor(() => runRow(r2.id), settled, 60_000, 'run 2')).status).toBe('succeeded');
    // A third run with the first spec shares its version.
    const r3 = await caller.runs.start({ experiment, datasetVersionId: up.version.id, target: 'y', trainer: 'logreg', spec: clipped, seed: 2 });
    expect((await waitFor(() => runRow(r3.id), settled, 60_000, 'run 3')).status).toBe('succeeded');

    const expId = (await runRow(r1.id)).experimentId;
    const list = await caller.experiments.specs({ id: expId });
    expect(list).toHaveLength(2);
    expect(list[0].runCount).toBe(2);
    expect(list[0].runNames).toEqual([r3.name, r1.name]);
    expect(list[1].runNames).toEqual([r2.name]);
    expect(list[0].sha256).toBe((await caller.runs.get({ id: r1.id })).spec!.sha256);
    const changes = diffSpecs(list[1].spec as FeatureSpec, list[0].spec as FeatureSpec);
    expect(changes.map((c) => c.kind)).toEqual(['feature_removed', 'feature_added']);
  });

  it('refuses a malformed id naming the field and an unknown one as not found; a viewer may read', async () => {
    const caller = callerAs(await makeUser('viewer'));
    await expect(caller.experiments.specs({ id: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('id') });
    await expect(caller.experiments.specs({ id: 'x'.repeat(100_000) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.experiments.specs({ id: 42 as unknown as string })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.experiments.specs({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
