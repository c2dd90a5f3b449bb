// Command trainers on the real worker path: runs.start → train job → the program (a Node script
// under tests/fixtures/trainers) → steps, job log, composed artifact with parity → register.
// Failure modes: a bad exit, no model written, cancellation and timeout (the process is gone).
import { eq } from 'drizzle-orm';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/server/db/client';
import { jobLogs, runs, runSteps } from '@/server/db/schema';
import { createCheckedSession } from '@/server/ml/onnx/session';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { artifactStore } from '@/server/storage';
import { keyForSha } from '@/server/storage/artifact-store';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
import { waitFor } from './helpers/wait';

vi.hoisted(() => {
  // Read once by server/env.ts on first use, so set before any import runs.
  process.env.VIGIL_TRAINERS_DIR = 'tests/fixtures/trainers';
  process.env.VIGIL_TRAINER_KILL_GRACE_MS = '300';
});

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
  const up = await uploadDataset(ctx, { name: uniq('cmd') }, chunksOf(learnableCsv(rows, 3)));
  return { caller: callerAs(engineer), dv: up.version };
}

const runRow = async (id: string) => (await db().select().from(runs).where(eq(runs.id, id)))[0];
const settled = (r: { status: string }) => ['succeeded', 'failed', 'cancelled'].includes(r.status);
const logsOf = async (jobId: string) => (await db().select().from(jobLogs).where(eq(jobLogs.jobId, jobId)).orderBy(jobLogs.id)).map((l) => l.message);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** The pid the fixture program reported in its runtime line (written to the job log). */
async function reportedPid(jobId: string): Promise<number> {
  const line = await waitFor(async () => (await logsOf(jobId)).find((m) => m.startsWith('runtime: ')), (m) => m !== undefined, 30_000, 'runtime line');
  return Number((JSON.parse(line!.slice('runtime: '.length)) as { pid: string }).pid);
}

describe('command trainers', () => {
  it('lists command trainers in the catalog beside the built-in ones', async () => {
    const { caller } = await setup(20);
    const catalog = await caller.runs.trainers();
    const tiny = catalog.find((t) => t.name === 'tiny-logreg');
    expect(tiny).toMatchObject({ kind: 'command', needs: 'cpu', version: '1.0.0', defaults: { epochs: 30, learning_rate: 0.5 }, params: ['epochs', 'learning_rate'] });
    expect(catalog.find((t) => t.name === 'gbdt')).toMatchObject({ kind: 'built-in' });
  });

  it('trains through the program: live steps, its log, a composed artifact that takes raw columns, lineage', async () => {
    const { caller, dv } = await setup();
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'tiny-logreg', params: { epochs: 40 }, seed: 3 });
    const done = await waitFor(() => runRow(run.id), settled, 60_000, 'run');
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(done.progress).toBe(1);
    const steps = await db().select().from(runSteps).where(eq(runSteps.runId, run.id));
    expect(steps).toHaveLength(40);
    expect(steps.every((s) => s.phase === 'final' && typeof (s.metrics as { loss: number }).loss === 'number')).toBe(true);
    const loss = (k: number) => (steps.find((s) => s.step === k)!.metrics as { loss: number }).loss;
    expect(loss(40)).toBeLessThan(loss(1));

    const metrics = done.metrics as { training: { auc: number }; validation: null; parity: { max_abs_probability_diff: number; tolerance: number }; program: { epochs: number } };
    expect(metrics.training.auc).toBeGreaterThan(0.8);
    expect(metrics.validation).toBeNull();
    expect(metrics.parity.tolerance).toBe(1e-5);
    expect(metrics.parity.max_abs_probability_diff).toBeLessThanOrEqual(1e-5);
    expect(metrics.program.epochs).toBe(40);
    const runtime = done.runtime as Record<string, string>;
    expect(runtime.command).toBe('["node","train.mjs"]');
    expect(runtime.trainer_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(runtime['program.device']).toBe('cpu');
    expect(runtime['program.node']).toBe(process.version);
    expect(done.trainerVersion).toBe('1.0.0');

    const logs = await logsOf(done.jobId!);
    expect(logs.some((m) => m.startsWith('running ["node","train.mjs",'))).toBe(true);
    expect(logs.some((m) => /^training on 300 rows, \d+ features, seed 3$/.test(m)), logs.join('\n')).toBe(true);
    expect(logs).toContain('done');
    // The worker's secrets never reach the program.
    const envLine = logs.find((m) => m.startsWith('environment: '))!;
    expect(envLine).toContain('VIGIL_JOB_FILE');
    for (const secret of ['DATABASE_URL', 'REDIS_URL', 'NEXTAUTH_SECRET']) expect(envLine.split(' ')).not.toContain(secret);
    // Progress records become steps, not log lines.
    expect(logs.some((m) => m.includes('"type":"progress"'))).toBe(false);

    // The registered artifact takes the raw columns (preprocessing composed in front).
    const reg = await caller.models.registerFromRun({ runId: run.id, model: uniq('cmd-model').toLowerCase() });
    const sig = reg.version.signature as { inputs: { name: string; type: string }[] };
    expect(sig.inputs.map((i) => `${i.name}:${i.type}`)).toEqual(['x1:double', 'x2:double', 'region:string']);
    const session = await createCheckedSession(await artifactStore().getBytes(keyForSha(done.artifactSha256!)));
    const out = await session.run({
      x1: new ort.Tensor('float64', Float64Array.from([2, -2]), [2, 1]),
      x2: new ort.Tensor('float64', Float64Array.from([NaN, 0]), [2, 1]),
      region: new ort.Tensor('string', ['north', 'nowhere'], [2, 1]),
    });
    const p = out.probability.data as Float32Array;
    expect(p).toHaveLength(2);
    for (const v of p) expect(v).toBeGreaterThanOrEqual(0);
    await session.release();
  });

  it('refuses bad params at start, naming the parameter', async () => {
    const { caller, dv } = await setup(20);
    await expect(caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'tiny-logreg', params: { epochs: 0 } })).rejects.toThrow(/tiny-logreg parameter epochs/);
    await expect(caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'tiny-logreg', params: { depth: 3 } })).rejects.toThrow(/unknown tiny-logreg parameter\(s\): depth/);
  });

  it('fails the run with the exit code and the end of stderr when the program fails', async () => {
    const { caller, dv } = await setup(50);
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'exits-badly' });
    const done = await waitFor(() => runRow(run.id), settled, 60_000, 'run');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/trainer 'exits-badly' failed: exit code 3; last stderr: Traceback: CUDA out of memory/);
    expect(done.artifactSha256).toBeNull();
    expect(await logsOf(done.jobId!)).toContain('Traceback: CUDA out of memory (simulated)');
    expect(await db().select().from(runSteps).where(eq(runSteps.runId, run.id))).toHaveLength(1);
  });

  it('fails the run when the program exits 0 without writing model.onnx', async () => {
    const { caller, dv } = await setup(50);
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'writes-no-model' });
    const done = await waitFor(() => runRow(run.id), settled, 60_000, 'run');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/exited successfully but wrote no model\.onnx/);
  });

  it.each([
    ['garbage-model', /wrote a model\.onnx that does not load/],
    ['bad-metrics', /wrote a metrics\.json that is not JSON/],
    ['wrong-width', /model\.onnx fails on the training rows|takes \d+ features per row/],
    ['out-of-range', /model\.onnx gives 7 for row 1; probabilities must lie in \[0, 1\]/],
    ['reference-mismatch', /model\.onnx disagrees with the program's own outputs \(reference_outputs\.json\): max \|probability diff\| 0\.4\d* at row 2, over the tolerance 0\.00001/],
    ['bad-reference', /wrote a reference_outputs\.json Vigil cannot read: probability\[1\] must be a number in \[0, 1\], got "high"/],
  ])('fails the run when the program exits 0 with a bad output (%s)', async (mode, reason) => {
    const { caller, dv } = await setup(50);
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'misbehaves', params: { mode } });
    const done = await waitFor(() => runRow(run.id), settled, 60_000, 'run');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(reason);
    expect(done.artifactSha256).toBeNull();
  });

  it('cuts an overlong output line and logs a malformed progress record without recording it', async () => {
    const { caller, dv } = await setup(50);
    const a = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'misbehaves', params: { mode: 'huge-line' } });
    const b = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'misbehaves', params: { mode: 'bad-progress' } });
    const [da, db_] = [await waitFor(() => runRow(a.id), settled, 60_000, 'run a'), await waitFor(() => runRow(b.id), settled, 60_000, 'run b')];
    expect(da.status, da.error ?? '').toBe('succeeded');
    const long = (await logsOf(da.jobId!)).find((m) => m.startsWith('xxxx'))!;
    expect(long).toBe(`${'x'.repeat(16 * 1024)}… (${200_000 - 16 * 1024} more characters)`);
    expect(db_.status, db_.error ?? '').toBe('succeeded');
    expect((await logsOf(db_.jobId!)).some((m) => m.endsWith('[not recorded: step must be an integer ≥ 1]'))).toBe(true);
    expect(await db().select().from(runSteps).where(eq(runSteps.runId, b.id))).toHaveLength(0);
  });

  it('cancels a running program: SIGTERM, then SIGKILL for one that ignores it; the process is gone', async () => {
    const { caller, dv } = await setup(50);
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'sleeps' });
    const running = await waitFor(() => runRow(run.id), (r) => r.status === 'running' && r.progress > 0, 30_000, 'running');
    const pid = await reportedPid(running.jobId!);
    expect(alive(pid)).toBe(true);
    await caller.jobs.cancel({ jobId: run.jobId!, reason: 'enough' });
    const done = await waitFor(() => runRow(run.id), settled, 30_000, 'cancellation');
    expect(done.status).toBe('cancelled');
    expect(alive(pid)).toBe(false);
    expect(await logsOf(done.jobId!)).toContain('SIGTERM received, ignoring it');
  });

  it('stops a program that runs past its timeout and fails the run saying so', async () => {
    const { caller, dv } = await setup(50);
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: dv.id, target: 'y', trainer: 'too-slow' });
    const done = await waitFor(() => runRow(run.id), settled, 30_000, 'timeout');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/trainer 'too-slow' timed out after 1 s and was stopped/);
    expect(alive(await reportedPid(done.jobId!))).toBe(false);
  });
});
