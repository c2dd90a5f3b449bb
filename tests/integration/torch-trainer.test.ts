// The shipped PyTorch trainer (trainers/torch-mlp) end to end on CPU: runs.start → train job on
// the worker → the Python program (Debian's python3-torch; `npm test` installs it) with live
// steps → model.onnx from torch's exporter, checked against torch's own outputs and composed
// behind the spec → registered, served over HTTP with the same scores as the artifact. Two runs
// of the same job give the same artifact bytes (seeded, one thread, deterministic algorithms).
import { eq } from 'drizzle-orm';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/server/db/client';
import { jobLogs, runs, runSteps } from '@/server/db/schema';
import { createCheckedSession } from '@/server/ml/onnx/session';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { artifactStore } from '@/server/storage';
import { keyForSha } from '@/server/storage/artifact-store';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
import { client } from './helpers/serving';
import { waitFor } from './helpers/wait';

vi.hoisted(() => {
  // The shipped trainers' folder (the default, set here so an outer environment cannot move it).
  process.env.VIGIL_TRAINERS_DIR = 'trainers';
});

let stopWorkers: () => Promise<void>;
let serving: RunningServing;
beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
  serving = await startServing({ port: 0, log: () => {} });
});
afterAll(async () => {
  await serving.close();
  await stopWorkers();
  await closeQueues();
});

const runRow = async (id: string) => (await db().select().from(runs).where(eq(runs.id, id)))[0];
const settled = (r: { status: string }) => ['succeeded', 'failed', 'cancelled'].includes(r.status);
const logsOf = async (jobId: string) => (await db().select().from(jobLogs).where(eq(jobLogs.jobId, jobId)).orderBy(jobLogs.id)).map((l) => l.message);
// The first run pays for the torch import on a loaded 2-core machine.
const RUN_TIMEOUT = 180_000;

describe('the shipped PyTorch trainer (torch-mlp) on CPU', () => {
  it('is in the catalog as a CPU command trainer', async () => {
    const caller = callerAs(await makeUser('engineer'));
    const t = (await caller.runs.trainers()).find((x) => x.name === 'torch-mlp');
    expect(t).toMatchObject({ kind: 'command', needs: 'cpu', version: '1.0.0', defaults: { epochs: 20, categorical: 'embedding', device: 'auto' } });
  });

  it('trains with live steps, matches torch within 1e-5, registers, serves, and gives the same artifact twice', async () => {
    const admin = await makeUser('admin');
    const ctx = { db: db(), actor: actorOf(admin) };
    const caller = callerAs(admin);
    const rows = 400;
    const up = await uploadDataset(ctx, { name: uniq('torch') }, chunksOf(learnableCsv(rows, 5)));
    const params = { epochs: 6, hidden_units: 16, validation_fraction: 0.25, device: 'cpu' };
    const start = (p: Record<string, unknown> = params) => caller.runs.start({ experiment: uniq('exp'), datasetVersionId: up.version.id, target: 'y', trainer: 'torch-mlp', params: p, seed: 7 });
    const [a, b, c] = [await start(), await start(), await start({ ...params, categorical: 'one_hot' })];
    const done = await waitFor(() => runRow(a.id), settled, RUN_TIMEOUT, 'run a');
    expect(done.status, done.error ?? '').toBe('succeeded');
    const again = await waitFor(() => runRow(b.id), settled, RUN_TIMEOUT, 'run b');
    expect(again.status, again.error ?? '').toBe('succeeded');
    // Deterministic on CPU: the same program, job and seed give the same model.onnx, so the same composed artifact.
    expect(again.artifactSha256).toBe(done.artifactSha256);
    // The one-hot columns fed as they are: another network, still exported and composed within 1e-5.
    const oneHot = await waitFor(() => runRow(c.id), settled, RUN_TIMEOUT, 'run c');
    expect(oneHot.status, oneHot.error ?? '').toBe('succeeded');
    expect(oneHot.artifactSha256).not.toBe(done.artifactSha256);
    const ohMetrics = oneHot.metrics as { program: { embedded_categoricals: number }; reference_parity: { max_abs_probability_diff: number } };
    expect(ohMetrics.program.embedded_categoricals).toBe(0);
    expect(ohMetrics.reference_parity.max_abs_probability_diff).toBeLessThanOrEqual(1e-5);

    const steps = (await db().select().from(runSteps).where(eq(runSteps.runId, a.id))).sort((x, y) => x.step - y.step);
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const m = (k: number) => steps[k - 1].metrics as { loss: number; val_loss: number; val_auc: number };
    expect(m(6).loss).toBeLessThan(m(1).loss);
    expect(m(6).val_auc).toBeGreaterThan(0.8);

    const metrics = done.metrics as {
      training: { auc: number };
      parity: { max_abs_probability_diff: number };
      reference_parity: { rows: number; max_abs_probability_diff: number; tolerance: number };
      program: { epochs: number; train_rows: number; validation_rows: number; embedded_categoricals: number; device: string };
    };
    expect(metrics.training.auc).toBeGreaterThan(0.8);
    expect(metrics.parity.max_abs_probability_diff).toBeLessThanOrEqual(1e-5);
    // torch's own probabilities vs the exported graph in onnxruntime.
    expect(metrics.reference_parity.rows).toBe(rows);
    expect(metrics.reference_parity.max_abs_probability_diff).toBeLessThanOrEqual(1e-5);
    expect(metrics.program).toMatchObject({ epochs: 6, train_rows: 300, validation_rows: 100, embedded_categoricals: 1, device: 'cpu' });

    const runtime = done.runtime as Record<string, string>;
    expect(runtime.command).toBe('["sh","run.sh"]');
    expect(runtime['program.torch']).toMatch(/^\d+\.\d+/);
    expect(runtime['program.device']).toBe('cpu');
    expect(runtime['program.gpu']).toBe('none');
    expect(runtime['program.bit_reproducible']).toBe('true');
    expect(runtime['program.threads']).toBe('1');
    expect(runtime['program.blas']).toMatch(/blas|mkl/i);
    const logs = await logsOf(done.jobId!);
    expect(logs.some((l) => /^torch-mlp: 400 rows \(300 train, 100 validation\), 5 features -> \d+ inputs \(1 embedded categoricals\)/.test(l)), logs.join('\n')).toBe(true);
    expect(logs.some((l) => l.startsWith("exporter parity: model.onnx in onnxruntime vs the program's own outputs on the first 400 rows"))).toBe(true);

    // Registered and served: the gateway answers with the artifact's own scores on raw rows.
    const name = uniq('torch-model').toLowerCase();
    await caller.models.registerFromRun({ runId: a.id, model: name });
    await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first release' });
    const key = await createServingKey(ctx, { name: 'torch', models: [name] });
    const raw = [
      { x1: 2.5, x2: 1.0, region: 'north' },
      { x1: -3, x2: null, region: 'east' },
      { x1: 0.1, x2: 3.5, region: 'nowhere' },
    ];
    const r = await client(`http://127.0.0.1:${serving.port}`, key.key)(`/v1/models/${name}/predict`, { rows: raw });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const served = (r.body.predictions as { score: number }[]).map((p) => p.score);
    const session = await createCheckedSession(await artifactStore().getBytes(keyForSha(done.artifactSha256!)));
    const out = await session.run({
      x1: new ort.Tensor('float64', Float64Array.from(raw.map((x) => x.x1)), [3, 1]),
      x2: new ort.Tensor('float64', Float64Array.from(raw.map((x) => x.x2 ?? NaN)), [3, 1]),
      region: new ort.Tensor('string', raw.map((x) => x.region), [3, 1]),
    });
    await session.release();
    const direct = Array.from(out.probability.data as Float32Array);
    for (let i = 0; i < 3; i++) expect(Math.abs(served[i] - direct[i])).toBeLessThanOrEqual(1e-6);
    expect(served[0]).toBeGreaterThan(served[1]); // x1 raises the logit in the data
  }, 3 * RUN_TIMEOUT + 60_000);

  it("fails a run that asks for device 'cuda' where CUDA sees no GPU, saying so (on a GPU machine it trains there and says the artifact is not bit-reproducible)", async () => {
    const engineer = await makeUser('engineer');
    const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('torch') }, chunksOf(learnableCsv(60, 2)));
    const run = await callerAs(engineer).runs.start({ experiment: uniq('exp'), datasetVersionId: up.version.id, target: 'y', trainer: 'torch-mlp', params: { epochs: 1, device: 'cuda' } });
    const done = await waitFor(() => runRow(run.id), settled, RUN_TIMEOUT, 'run');
    if (done.status === 'succeeded') {
      const runtime = done.runtime as Record<string, string>;
      expect(runtime['program.device']).toBe('cuda');
      expect(runtime['program.bit_reproducible']).toBe('false');
    } else {
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(/trainer 'torch-mlp' failed: exit code 2; last stderr: torch-mlp: device 'cuda' was asked for, but CUDA sees no GPU/);
      expect(done.artifactSha256).toBeNull();
    }
  }, RUN_TIMEOUT + 30_000);
});
