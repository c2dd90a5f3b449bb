// A sweep over a trainer that needs a GPU routes every run to the GPU queue exactly as
// runs.start does (same queueing path), and a faked GPU worker trains them. The command
// trainer's integer param draws whole numbers from a range without `int: true`.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/server/db/client';
import { jobs, runs } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { chunksOf, learnableCsv } from './helpers/csv';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { waitFor } from './helpers/wait';

vi.hoisted(() => {
  process.env.VIGIL_TRAINERS_DIR = 'tests/fixtures/trainers';
});

let stop: () => Promise<void>;
beforeAll(async () => {
  stop = (await startWorkers({ capabilities: ['cpu', 'gpu'], gpus: ['0'] })).stop;
});
afterAll(async () => {
  await stop();
  await closeQueues();
});

describe('a sweep over a GPU trainer', () => {
  it('queues every run in the GPU queue and they train on the GPU worker', async () => {
    const engineer = await makeUser('engineer');
    const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('sweep-gpu') }, chunksOf(learnableCsv(60, 5)));
    const caller = callerAs(engineer);
    const sweep = await caller.sweeps.start({ experiment: uniq('sweep-gpu'), datasetVersionId: up.version.id, target: 'y', trainer: 'gpu-echo', strategy: 'random', runs: 3, seed: 4, space: { hold_ms: { min: 0, max: 40 } } });
    const created = await db().select().from(runs).where(eq(runs.sweepId, sweep.id)).orderBy(asc(runs.sweepIndex));
    expect(created).toHaveLength(3);
    expect(created.every((r) => Number.isInteger(r.params.hold_ms) && (r.params.hold_ms as number) >= 0 && (r.params.hold_ms as number) <= 40)).toBe(true);
    const queues = await Promise.all(created.map(async (r) => (await db().select().from(jobs).where(eq(jobs.id, r.jobId!)))[0].queue));
    expect(queues).toEqual(['train-gpu', 'train-gpu', 'train-gpu']);
    const done = await waitFor(() => caller.sweeps.get({ id: sweep.id }), (s) => s.status === 'finished', 90_000, 'sweep');
    expect(done.counts.succeeded, JSON.stringify(done.runs.map((r) => r.error))).toBe(3);
    await expect(caller.sweeps.start({ experiment: uniq('sweep-gpu'), datasetVersionId: up.version.id, target: 'y', trainer: 'gpu-echo', space: { hold_ms: [10, 70_000] } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^space: point 2 \(hold_ms=70000\): gpu-echo parameter hold_ms/),
    });
  }, 120_000);
});
