// Worker capabilities on the real queue path (Redis, Postgres, the command-trainer runtime): a run
// of a trainer with `needs: gpu` waits in the GPU queue, which a CPU-only worker never takes; a
// worker started with the gpu capability (faked here, as on any CPU machine: capabilities given
// explicitly, devices 0 and 1 without nvidia-smi) takes it, one job per GPU, each program told its
// own device through CUDA_VISIBLE_DEVICES. The online list and the "waiting" sentence follow.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/server/db/client';
import { jobLogs, jobs, runs } from '@/server/db/schema';
import { QUEUES } from '@/server/queue/contract';
import { closeQueues, queueFor } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { WORKER_TTL_MS } from '@/server/queue/worker-registry';
import { redis, redisKey } from '@/server/redis';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
import { waitFor } from './helpers/wait';

vi.hoisted(() => {
  process.env.VIGIL_TRAINERS_DIR = 'tests/fixtures/trainers';
});

type Started = Awaited<ReturnType<typeof startWorkers>>;
let cpuWorker: Started;
let gpuWorker: Started | null = null;
beforeAll(async () => {
  cpuWorker = await startWorkers({ capabilities: ['cpu'] });
});
afterAll(async () => {
  await gpuWorker?.stop();
  await cpuWorker.stop();
  await closeQueues();
});

async function setup() {
  const engineer = await makeUser('engineer');
  const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('gpu') }, chunksOf(learnableCsv(60, 5)));
  return { caller: callerAs(engineer), dv: up.version };
}
const runRow = async (id: string) => (await db().select().from(runs).where(eq(runs.id, id)))[0];
const settled = (r: { status: string }) => ['succeeded', 'failed', 'cancelled'].includes(r.status);
const device = (r: { runtime: unknown }) => (r.runtime as Record<string, string>)['program.cuda_visible_devices'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('worker capabilities', () => {
  let waitingRunId = '';
  let model = '';
  let batchJobId = '';

  it('a GPU run waits in the GPU queue: the CPU-only worker never takes it, and the console says why', async () => {
    const { caller, dv } = await setup();
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'gpu-echo' });
    waitingRunId = run.id;
    const [job] = await db().select().from(jobs).where(eq(jobs.id, run.jobId!));
    expect(job.queue).toBe('train-gpu');
    // Handed to BullMQ, and still waiting there after the CPU worker had every chance to take it.
    await waitFor(() => queueFor(QUEUES.trainGpu.name).getJobState(run.jobId!), (s) => s === 'waiting', 10_000, 'job in the GPU queue');
    await sleep(2500);
    expect(await queueFor(QUEUES.trainGpu.name).getJobState(run.jobId!)).toBe('waiting');
    expect((await runRow(run.id)).status).toBe('queued');

    const placement = await caller.workers.placement({ jobId: run.jobId! });
    expect(placement).toEqual({ needs: 'gpu', status: 'queued', workersOnline: 0, freeGpus: 0, waiting: 'waiting for a GPU worker (none online)' });

    const list = await caller.workers.list();
    const me = list.find((w) => w.id === cpuWorker.id)!;
    expect(me).toMatchObject({ pid: process.pid, capabilities: ['cpu'], gpus: [], gpuJobs: 0 });
    expect(me.queues).toContain('train');
    expect(me.queues).not.toContain('train-gpu');
    // A CPU run is not waiting on anyone: the CPU worker is online and takes it.
    const cpuRun = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'tiny-logreg', params: { epochs: 5 } });
    expect(await caller.workers.placement({ jobId: cpuRun.jobId! })).toMatchObject({ needs: 'cpu', freeGpus: null, waiting: null });
    expect((await caller.workers.placement({ jobId: cpuRun.jobId! })).workersOnline).toBeGreaterThanOrEqual(1);
    expect((await waitFor(() => runRow(cpuRun.id), settled, 60_000, 'CPU run')).status).toBe('succeeded');

    // Batch scoring aimed at GPU workers waits the same way.
    model = uniq('gpu-batch').toLowerCase();
    await caller.models.registerFromRun({ runId: cpuRun.id, model });
    const batch = await caller.batch.start({ model, version: 1, datasetVersionId: dv.id, device: 'gpu' });
    const [bjob] = await db().select().from(jobs).where(eq(jobs.id, batch.jobId!));
    expect(bjob.queue).toBe('batch-score-gpu');
    await waitFor(() => queueFor(QUEUES.batchScoreGpu.name).getJobState(batch.jobId!), (s) => s === 'waiting', 10_000, 'job in the GPU batch queue');
    expect((await caller.workers.placement({ jobId: batch.jobId! })).waiting).toBe('waiting for a GPU worker (none online)');
    batchJobId = batch.jobId!;
  });

  it('a worker with the gpu capability takes it, the program sees its device in CUDA_VISIBLE_DEVICES, and both workers are listed', async () => {
    const { caller } = await setup();
    gpuWorker = await startWorkers({ capabilities: ['gpu'], gpus: ['0', '1'] });
    expect(gpuWorker.workers.map((w) => w.name)).toEqual(['train-gpu', 'batch-score-gpu']);
    const done = await waitFor(() => runRow(waitingRunId), settled, 60_000, 'the waiting GPU run');
    expect(done.status, done.error ?? '').toBe('succeeded');
    // The waiting batch scoring starts at the same moment and takes the other GPU: either may get 0.
    const d = device(done);
    expect(['0', '1']).toContain(d);
    const logs = (await db().select().from(jobLogs).where(eq(jobLogs.jobId, done.jobId!))).map((l) => l.message);
    expect(logs).toContain(`on GPU device ${d} (CUDA_VISIBLE_DEVICES=${d})`);
    expect((done.metrics as { program: { device: string } }).program.device).toBe(d);

    // The waiting batch scoring ran there too: on its GPU when onnxruntime has CUDA, else on CPU saying why.
    const [batch] = (await caller.batch.list({ model })).rows.map((b) => b.batch);
    const scored = await waitFor(async () => (await caller.batch.list({ model })).rows[0].batch, (b) => b.status !== 'queued' && b.status !== 'running', 60_000, 'GPU batch scoring');
    expect(scored.status, scored.error ?? '').toBe('succeeded');
    expect(scored.rowsScored! + scored.rowsSkipped!).toBe(60);
    expect(scored.rowsScored).toBeGreaterThan(0);
    expect(batch.jobId).toBe(batchJobId);
    const blogs = (await db().select().from(jobLogs).where(eq(jobLogs.jobId, batchJobId))).map((l) => l.message);
    expect(blogs.some((m) => /^on GPU device [01]: onnxruntime's CUDA execution provider is not available \(.+\); running on CPU$/.test(m) || /^scoring with onnxruntime's CUDA execution provider on GPU device [01]$/.test(m)), blogs.join('\n')).toBe(true);

    const list = await caller.workers.list();
    expect(list.find((w) => w.id === cpuWorker.id)).toMatchObject({ capabilities: ['cpu'], gpus: [] });
    expect(list.find((w) => w.id === gpuWorker!.id)).toMatchObject({
      pid: process.pid,
      capabilities: ['gpu'],
      queues: ['train-gpu', 'batch-score-gpu'],
      gpus: [
        { index: '0', name: 'unknown (not detected)', memoryMiB: null },
        { index: '1', name: 'unknown (not detected)', memoryMiB: null },
      ],
    });
  });

  it('one job per GPU: two run side by side on devices 0 and 1, a third waits (every GPU busy) until one is free', async () => {
    const { caller, dv } = await setup();
    const start = () => caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'gpu-echo', params: { hold_ms: 5000 } });
    const a = await start();
    const b = await start();
    await waitFor(async () => [await runRow(a.id), await runRow(b.id)], (rs) => rs.every((r) => r.status === 'running'), 30_000, 'two GPU runs running');
    const c = await start();
    const placement = await waitFor(() => caller.workers.placement({ jobId: c.jobId! }), (p) => p.freeGpus === 0, 10_000, 'both GPUs busy');
    expect(placement).toMatchObject({ needs: 'gpu', status: 'queued', workersOnline: 1, waiting: 'waiting for a GPU worker (1 online, every GPU busy)' });
    const [ra, rb, rc] = await Promise.all([a, b, c].map((r) => waitFor(() => runRow(r.id), settled, 60_000, 'GPU run')));
    for (const r of [ra, rb, rc]) expect(r.status, r.error ?? '').toBe('succeeded');
    expect([device(ra), device(rb)].sort()).toEqual(['0', '1']);
    expect(['0', '1']).toContain(device(rc));
    // The third started only once one of the first two had given its GPU back.
    expect(rc.startedAt!.getTime()).toBeGreaterThanOrEqual(Math.min(ra.finishedAt!.getTime(), rb.finishedAt!.getTime()));
  });

  it('a waiting GPU run can be cancelled while no GPU worker is online', async () => {
    const { caller, dv } = await setup();
    await gpuWorker!.stop();
    gpuWorker = null;
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'gpu-echo' });
    expect((await caller.workers.placement({ jobId: run.jobId! })).waiting).toBe('waiting for a GPU worker (none online)');
    await caller.jobs.cancel({ jobId: run.jobId!, reason: 'no GPU today' });
    expect((await runRow(run.id)).status).toBe('cancelled');
    expect(await queueFor(QUEUES.trainGpu.name).getJob(run.jobId!)).toBeUndefined();
  });

  it('a stopped worker leaves the list at once; a silent one after its heartbeat expires; a garbled record is left out', async () => {
    const { caller } = await setup();
    const extra = await startWorkers({ capabilities: ['gpu'], gpus: ['3'] });
    expect((await caller.workers.list()).some((w) => w.id === extra.id)).toBe(true);
    await extra.stop();
    expect((await caller.workers.list()).some((w) => w.id === extra.id)).toBe(false);

    // A worker that died: its id in the set with an old score and no record; and one whose record is not ours.
    const r = redis();
    await r.zadd(redisKey('workers'), Date.now() - WORKER_TTL_MS - 1000, 'dead-worker');
    await r.zadd(redisKey('workers'), Date.now(), 'garbled-worker');
    await r.set(redisKey('worker', 'garbled-worker'), '{"id": 7, "capabilities": ["tpu"]', 'PX', 10_000);
    const list = await caller.workers.list();
    expect(list.map((w) => w.id)).toContain(cpuWorker.id);
    expect(list.map((w) => w.id)).not.toContain('dead-worker');
    expect(list.map((w) => w.id)).not.toContain('garbled-worker');
    expect(await r.zscore(redisKey('workers'), 'dead-worker')).toBeNull();
    await r.multi().zrem(redisKey('workers'), 'garbled-worker').del(redisKey('worker', 'garbled-worker')).exec();
  });

  it('refuses a malformed job id naming the field, and an unknown one with 404', async () => {
    const { caller } = await setup();
    await expect(caller.workers.placement({ jobId: 'not-a-uuid' })).rejects.toThrow(/jobId/);
    await expect(caller.workers.placement({ jobId: 42 as unknown as string })).rejects.toThrow(/jobId/);
    await expect(caller.workers.placement({ jobId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerAs(null).workers.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.batch.start({ model, version: 1, datasetVersionId: '00000000-0000-4000-8000-000000000000', device: 'tpu' as 'gpu' })).rejects.toThrow(/device/);
  });
});
