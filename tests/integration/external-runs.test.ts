// Run tracking for training done outside Vigil (issue 14): the REST routes under /api/runs called
// as Next calls them (hostile input, tokens, ownership, finished runs), the `vigil runs` CLI, and
// a Python script using clients/python over HTTP whose run is registered, evaluated on a golden
// set, given a drift reference from its dataset version, and released to production.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { db } from '@/server/db/client';
import { aliases, auditEvents, evaluations, models, retrainAttempts, runs, runSteps } from '@/server/db/schema';
import { failAbandonedExternalRuns } from '@/server/services/maintenance/abandoned-runs';
import { createExternalRun, logExternalMetrics } from '@/server/services/runs/external-runs';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { getLineage } from '@/server/services/lineage/get-lineage';
import { ensureReference } from '@/server/services/monitoring/reference-profile';
import { modelCardData, modelCardFile } from '@/server/services/models/model-card';
import { createToken } from '@/server/services/tokens/tokens';
import { EXTERNAL_RUN_LIMITS } from '@/server/services/runs/external-run-input';
import { POST as createRoute } from '@/app/api/runs/route';
import { POST as paramsRoute } from '@/app/api/runs/[id]/params/route';
import { POST as metricsRoute } from '@/app/api/runs/[id]/metrics/route';
import { POST as finishRoute } from '@/app/api/runs/[id]/finish/route';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
import { startConsoleHttp, type ConsoleHttp } from './helpers/console-http';
import { trainedOnnx } from './helpers/serving';
import { waitFor } from './helpers/wait';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ext-'));
let consoleHttp: ConsoleHttp;
let stopWorkers: () => Promise<void>;
const users: Record<'engineer' | 'other' | 'admin' | 'viewer' | 'approver', { id: string; email: string; role: 'engineer' | 'admin' | 'viewer' | 'approver'; token: string }> = {} as never;
let datasetVersionId = '';

beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
  consoleHttp = await startConsoleHttp();
  for (const [who, role] of [['engineer', 'engineer'], ['other', 'engineer'], ['admin', 'admin'], ['viewer', 'viewer'], ['approver', 'approver']] as const) {
    const u = await makeUser(role);
    users[who] = { ...u, role, token: (await createToken({ db: db(), actor: actorOf(u) }, { name: 'ext runs test' })).token };
  }
  const up = await uploadDataset({ db: db(), actor: actorOf(users.engineer) }, { name: uniq('ext-ds') }, chunksOf(learnableCsv(300, 5)));
  datasetVersionId = up.version.id;
});
afterAll(async () => {
  await consoleHttp.close();
  await stopWorkers();
  await closeQueues();
});

type Who = keyof typeof users;
type Json = Record<string, unknown> & { error?: { message: string; field: string | null } };

function request(who: Who | string, body: string | Uint8Array, contentType = 'application/json', extra: Record<string, string> = {}) {
  const token = who in users ? users[who as Who].token : who;
  return new Request('http://localhost/api/runs', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...extra }, body: body as BodyInit });
}
async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as Json };
}
const create = async (who: Who | string, body: unknown) => answer(await createRoute(request(who, typeof body === 'string' ? body : JSON.stringify(body))));
const at = (id: string) => ({ params: Promise.resolve({ id }) });
const params = async (who: Who, id: string, body: unknown) => answer(await paramsRoute(request(who, typeof body === 'string' ? body : JSON.stringify(body)), at(id)));
const metrics = async (who: Who, id: string, body: unknown) => answer(await metricsRoute(request(who, typeof body === 'string' ? body : JSON.stringify(body)), at(id)));
const finish = async (who: Who, id: string, bytes: Uint8Array, extra: Record<string, string> = {}) => answer(await finishRoute(request(who, bytes, 'application/octet-stream', extra), at(id)));
const fail = async (who: Who, id: string, body: unknown) => answer(await finishRoute(request(who, JSON.stringify(body)), at(id)));
const runRow = async (id: string) => (await db().select().from(runs).where(eq(runs.id, id)))[0];

async function started(who: Who = 'engineer') {
  const res = await create(who, { experiment: uniq('ext'), datasetVersionId, target: 'y', codeVersion: 'abc1234', params: { lr: 0.1 } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

describe('POST /api/runs', () => {
  it('starts a running external run with its lineage', async () => {
    const res = await create('engineer', { experiment: uniq('ext'), trainer: 'pytorch-mlp', datasetVersionId, target: 'y', codeVersion: '0123456789abcdef0123456789abcdef01234567', params: { lr: 0.01, layers: [64, 32] } });
    expect(res.status).toBe(201);
    const row = await runRow(res.body.id as string);
    expect(row).toMatchObject({ status: 'running', source: 'external', trainer: 'pytorch-mlp', datasetVersionId, target: 'y', codeVersion: '0123456789abcdef0123456789abcdef01234567', params: { lr: 0.01, layers: [64, 32] }, createdBy: users.engineer.id });
    expect(row.startedAt).not.toBeNull();
    // No dataset version is fine: the data may not be in Vigil.
    const bare = await create('engineer', { experiment: uniq('ext') });
    expect(bare.status).toBe(201);
    expect((await runRow(bare.body.id as string)).datasetVersionId).toBeNull();
  });

  it.each([
    ['malformed JSON', '{"experiment": "x",', 'body'],
    ['a JSON array', '[1,2]', 'body'],
    ['no experiment', {}, 'experiment'],
    ['params not an object', { experiment: 'x', params: [1, 2] }, 'params'],
    ['too many params', { experiment: 'x', params: Object.fromEntries(Array.from({ length: EXTERNAL_RUN_LIMITS.paramKeys + 1 }, (_, i) => [`p${i}`, i])) }, 'params'],
    ['oversized params', { experiment: 'x', params: { blob: 'x'.repeat(EXTERNAL_RUN_LIMITS.paramBytes) } }, 'params'],
    ['an infinite param', '{"experiment":"x","params":{"lr":1e999}}', 'params'],
    ['a malformed dataset version id', { experiment: 'x', datasetVersionId: "1';--" }, 'datasetVersionId'],
    ['an unknown dataset version', { experiment: 'x', datasetVersionId: '00000000-0000-4000-8000-000000000000' }, 'datasetVersionId'],
    ['a target the dataset lacks', { experiment: 'x', datasetVersionId: 'DV', target: 'nope' }, 'target'],
    ['a code version with spaces', { experiment: 'x', codeVersion: 'main; rm -rf' }, 'codeVersion'],
    ['an oversized code version', { experiment: 'x', codeVersion: 'a'.repeat(101) }, 'codeVersion'],
  ])('answers 400 naming the field for %s', async (_what, body, field) => {
    const res = await create('engineer', typeof body === 'string' ? body : JSON.parse(JSON.stringify(body).replace('"DV"', JSON.stringify(datasetVersionId))));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error?.field).toBe(field);
  });

  it('needs a token of a role that may train', async () => {
    expect((await create('vgl_nobody_000000000000', { experiment: 'x' })).status).toBe(401);
    expect((await create('viewer', { experiment: 'x' })).status).toBe(403);
  });
});

describe('POST /api/runs/<id>/params and /metrics', () => {
  it('merges params and stores step metrics, a value logged again at a step replacing the old one', async () => {
    const id = await started();
    expect((await params('engineer', id, { params: { epochs: 10, lr: 0.05 } })).body.params).toEqual({ lr: 0.05, epochs: 10 });
    const m1 = await metrics('engineer', id, { metrics: [{ name: 'loss', step: 1, value: 0.9 }, { name: 'loss', step: 2, value: 0.7 }, { name: 'valid_auc', step: 2, value: 0.61 }], progress: 0.2 });
    expect(m1).toMatchObject({ status: 200, body: { points: 3, steps: 2 } });
    expect((await metrics('engineer', id, { metrics: [{ name: 'loss', step: 2, value: 0.65 }, { name: 'loss', step: 3, value: 0.5 }] })).body.steps).toBe(3);
    const steps = await db().select().from(runSteps).where(eq(runSteps.runId, id)).orderBy(runSteps.step);
    expect(steps.map((s) => [s.phase, s.step, s.metrics])).toEqual([
      ['external', 1, { loss: 0.9 }],
      ['external', 2, { loss: 0.65, valid_auc: 0.61 }],
      ['external', 3, { loss: 0.5 }],
    ]);
    expect((await runRow(id)).progress).toBeCloseTo(0.2);
    // The run page reads them through the same query as a built-in run's.
    const detail = await callerAs(users.viewer).runs.get({ id });
    expect(detail.steps).toHaveLength(3);
    expect(detail.run.source).toBe('external');
  });

  it.each([
    ['a NaN literal (not JSON)', '{"metrics":[{"name":"loss","step":1,"value":NaN}]}', 'body'],
    ['an infinite value', '{"metrics":[{"name":"loss","step":1,"value":1e999}]}', 'metrics.0.value'],
    ['a string value', { metrics: [{ name: 'loss', step: 1, value: '0.5' }] }, 'metrics.0.value'],
    ['a negative step', { metrics: [{ name: 'loss', step: -1, value: 0.5 }] }, 'metrics.0.step'],
    ['a fractional step', { metrics: [{ name: 'loss', step: 1.5, value: 0.5 }] }, 'metrics.0.step'],
    ['a bad metric name', { metrics: [{ name: 'loss<script>', step: 1, value: 0.5 }] }, 'metrics.0.name'],
    ['no points', { metrics: [] }, 'metrics'],
    ['too many points in one call', { metrics: Array.from({ length: EXTERNAL_RUN_LIMITS.pointsPerCall + 1 }, (_, i) => ({ name: 'loss', step: i, value: 0 })) }, 'metrics'],
    ['too many metric names', { metrics: Array.from({ length: EXTERNAL_RUN_LIMITS.metricNames + 1 }, (_, i) => ({ name: `m${i}`, step: 0, value: 0 })) }, 'metrics'],
    ['a progress over 1', { metrics: [{ name: 'loss', step: 1, value: 0.5 }], progress: 2 }, 'progress'],
  ])('answers 400 naming the field for %s', async (_what, body, field) => {
    const id = await started();
    const res = await metrics('engineer', id, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error?.field).toBe(field);
    expect(await db().select().from(runSteps).where(eq(runSteps.runId, id))).toEqual([]);
  });

  it('refuses params that would pass the limits only together with the earlier ones', async () => {
    const id = await started();
    const half = (from: number) => Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${from + i}`, i]));
    expect((await params('engineer', id, { params: half(0) })).status).toBe(200);
    const res = await params('engineer', id, { params: half(100) });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ field: 'params', message: expect.stringMatching(/121 params; a run may have at most 100/) });
  });

  it('bounds the steps of a run', async () => {
    const id = await started();
    const per = EXTERNAL_RUN_LIMITS.pointsPerCall;
    for (let from = 0; from < EXTERNAL_RUN_LIMITS.steps; from += per) {
      expect((await metrics('engineer', id, { metrics: Array.from({ length: per }, (_, i) => ({ name: 'loss', step: from + i, value: 1 })) })).status).toBe(200);
    }
    // Logging again at a known step is fine; a new step is not.
    expect((await metrics('engineer', id, { metrics: [{ name: 'loss', step: 5, value: 0.5 }] })).status).toBe(200);
    const res = await metrics('engineer', id, { metrics: [{ name: 'loss', step: EXTERNAL_RUN_LIMITS.steps, value: 0.5 }] });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/20001 steps; a run may have at most 20000/);
  }, 120_000);

  it('404 for an unknown run, 400 for a malformed id, 403 for another engineer (an admin may), 403 for a viewer', async () => {
    const body = { metrics: [{ name: 'loss', step: 1, value: 0.5 }] };
    expect((await metrics('engineer', '00000000-0000-4000-8000-000000000000', body)).status).toBe(404);
    const malformed = await metrics('engineer', 'not-a-run', body);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.field).toBe('runId');
    const id = await started('engineer');
    const other = await metrics('other', id, body);
    expect(other.status).toBe(403);
    expect(other.body.error?.message).toMatch(/another user/);
    expect((await params('other', id, { params: { x: 1 } })).status).toBe(403);
    expect((await finish('other', id, await trainedOnnx(1))).status).toBe(403);
    expect((await metrics('viewer', id, body)).status).toBe(403);
    expect((await metrics('admin', id, body)).status).toBe(200);
  });
});

describe('POST /api/runs/<id>/finish', () => {
  it('refuses a model the upload checks refuse and leaves the run running; an oversized one unread', async () => {
    const id = await started();
    const garbage = await finish('engineer', id, new TextEncoder().encode('not an onnx model'));
    expect(garbage.status).toBe(400);
    expect(garbage.body.error?.field).toBe('file');
    const empty = await finish('engineer', id, new Uint8Array());
    expect(empty.status).toBe(400);
    const big = await finish('engineer', id, new Uint8Array(10), { 'content-length': String(10 ** 12) });
    expect(big.status).toBe(413);
    expect((await runRow(id)).status).toBe('running');
    const badFail = await fail('engineer', id, { status: 'failed' });
    expect(badFail.status).toBe(400);
    expect(badFail.body.error?.field).toBe('error');
  });

  it('succeeds with an ONNX model; a finished run takes no more writes (409)', async () => {
    const id = await started();
    await metrics('engineer', id, { metrics: [{ name: 'loss', step: 1, value: 0.9 }, { name: 'loss', step: 4, value: 0.4 }, { name: 'auc', step: 2, value: 0.8 }] });
    const done = await finish('engineer', id, await trainedOnnx(1));
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const row = await runRow(id);
    expect(row).toMatchObject({ status: 'succeeded', progress: 1, metrics: { reported: { loss: 0.4, auc: 0.8 } } });
    expect(row.artifactSha256).toMatch(/^[0-9a-f]{64}$/);
    for (const res of [
      await metrics('engineer', id, { metrics: [{ name: 'loss', step: 5, value: 0.3 }] }),
      await params('engineer', id, { params: { late: true } }),
      await finish('engineer', id, await trainedOnnx(2)),
      await fail('engineer', id, { status: 'failed', error: 'too late' }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.error?.message).toMatch(/succeeded; a finished run takes no more writes/);
    }
  });

  it('registers a run that named no dataset version: lineage starts at the run, no drift reference, the card and run page still answer', async () => {
    const created = await create('engineer', { experiment: uniq('ext'), trainer: 'sklearn' });
    const id = created.body.id as string;
    expect((await finish('engineer', id, await trainedOnnx(4))).status).toBe(200);
    const model = uniq('ext-nodv').toLowerCase();
    const reg = await callerAs(users.engineer).models.registerFromRun({ runId: id, model });
    const lineage = await getLineage({ db: db(), actor: actorOf(users.viewer) }, { versionId: reg.version.id });
    expect(lineage.nodes.map((n) => n.kind)).toEqual(['feature_spec', 'experiment', 'run', 'model_version']);
    expect(lineage.edges.map((e) => e.label)).toEqual(['features', 'groups', 'registered as']);
    expect(await ensureReference(reg.version.id)).toBeNull();
    const card = await modelCardData({ db: db(), actor: actorOf(users.viewer) }, { name: model, version: 1 });
    expect(card.lineage).toMatchObject({ run: { id }, datasetVersion: null });
    expect((await modelCardFile({ db: db(), actor: actorOf(users.viewer) }, { name: model, version: 1 })).markdown).toMatch(/\| Source \| trained outside Vigil \(tracked run\) \|/);
    const detail = await callerAs(users.viewer).runs.get({ id });
    expect(detail.datasetVersion).toBeNull();
    expect(detail.run.status).toBe('succeeded');
  });

  it('fails with the reason', async () => {
    const id = await started();
    const res = await fail('engineer', id, { status: 'failed', error: 'CUDA out of memory' });
    expect(res).toMatchObject({ status: 200, body: { status: 'failed', error: 'CUDA out of memory' } });
    expect((await metrics('engineer', id, { metrics: [{ name: 'loss', step: 1, value: 1 }] })).status).toBe(409);
  });
});

async function vigil(as: Who, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main([...args, '--url', consoleHttp.url, '--token', users[as].token], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('vigil runs log|metric|finish', () => {
  it('records a run end to end, with errors naming the option', async () => {
    const log = await vigil('engineer', 'runs', 'log', '--experiment', uniq('cli-ext'), '--dataset-version', datasetVersionId, '--target', 'y', '--code-version', 'deadbeef', '--params', '{"lr":0.1}', '--json');
    expect(log.code, log.err).toBe(0);
    const id = (JSON.parse(log.out) as { id: string }).id;
    expect((await vigil('engineer', 'runs', 'log', '--id', id, '--params', '{"epochs":3}')).code).toBe(0);
    expect((await vigil('engineer', 'runs', 'metric', '--id', id, '--name', 'loss', '--step', '1', '--value', '0.5', '--progress', '0.5')).code).toBe(0);
    expect((await vigil('engineer', 'runs', 'metric', '--id', id, '--metrics', '[{"name":"loss","step":2,"value":0.25}]')).code).toBe(0);
    const nan = await vigil('engineer', 'runs', 'metric', '--id', id, '--name', 'loss', '--step', '3', '--value', 'NaN');
    expect(nan.code).toBe(2);
    expect(nan.err).toMatch(/--value must be a finite number, got 'NaN'/);
    expect((await vigil('engineer', 'runs', 'metric', '--id', id, '--name', 'loss', '--step', '1.5', '--value', '1')).err).toMatch(/--step must be a whole number/);
    expect((await vigil('engineer', 'runs', 'log', '--id', id, '--params', '[1]')).err).toMatch(/--params must be a JSON object/);
    const server = await vigil('engineer', 'runs', 'metric', '--id', id, '--name', 'bad name', '--step', '3', '--value', '1');
    expect(server.code).toBe(2);
    expect(server.err).toMatch(/metrics\.0\.name/);
    const model = path.join(dir, 'cli.onnx');
    fs.writeFileSync(model, await trainedOnnx(3));
    const done = await vigil('engineer', 'runs', 'finish', '--id', id, '--model', model);
    expect(done.code, done.err).toBe(0);
    expect(done.out).toMatch(/succeeded {2}artifact [0-9a-f]{64}/);
    expect(await runRow(id)).toMatchObject({ status: 'succeeded', params: { lr: 0.1, epochs: 3 }, codeVersion: 'deadbeef' });
    const late = await vigil('engineer', 'runs', 'metric', '--id', id, '--name', 'loss', '--step', '9', '--value', '1');
    expect(late.code).toBe(2);
    expect(late.err).toMatch(/finished run takes no more writes/);
    const help = await vigil('engineer', 'runs', 'finish', '--help');
    expect(help.out).toMatch(/--model model\.onnx/);
  });
});

describe('a Python script using clients/python', () => {
  it('logs a run whose model is registered with lineage, a drift reference and a golden-set evaluation, and released to production', async () => {
    // The "training elsewhere": Vigil's own offline trainer, on the same rows as the dataset version.
    const csv = path.join(dir, 'train.csv');
    fs.writeFileSync(csv, learnableCsv(300, 5));
    const out = path.join(dir, 'trained');
    let trainErr = '';
    expect(await main(['train', '--data', csv, '--target', 'y', '--trainer', 'logreg', '--out', out], { stdout: () => {}, stderr: (t) => (trainErr += t) }), trainErr).toBe(0);
    const experiment = uniq('py-ext');
    const script = path.resolve('clients/python/examples/log_train_output.py');
    const env = { ...process.env, VIGIL_URL: consoleHttp.url, VIGIL_TOKEN: users.engineer.token };
    const py = await run('python3', [script, '--experiment', experiment, '--out-dir', out, '--dataset-version', datasetVersionId, '--target', 'y', '--code-version', 'c0ffee1'], { env });
    const runId = py.stdout.trim().split('\n').at(-1)!;
    const row = await runRow(runId);
    expect(row).toMatchObject({ status: 'succeeded', source: 'external', trainer: 'vigil-train-logreg', codeVersion: 'c0ffee1', datasetVersionId, params: { trainer: 'logreg', l2: 1, max_iter: 100, seed: 0 } });
    expect(row.artifactSha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(path.join(out, 'model.onnx'))).digest('hex'));
    const steps = await db().select().from(runSteps).where(eq(runSteps.runId, runId));
    expect(steps.length).toBeGreaterThan(2);
    expect(Object.keys(steps[0].metrics).sort()).toEqual(['loss', 'valid_auc', 'valid_loss']);

    // The client refuses NaN before sending, and the console's refusals reach the script as VigilError.
    const refusals = await run(
      'python3',
      [
        '-c',
        `import sys; sys.path.insert(0, 'clients/python')
from vigil_client import VigilClient, VigilError
r = VigilClient().run(${JSON.stringify(runId)})
try:
    r.log_metric('loss', float('nan'), step=1)
except ValueError as e:
    print('nan:', e)
try:
    r.log_metric('loss', 0.1, step=99)
except VigilError as e:
    print('finished:', e.status)
try:
    VigilClient(token='vgl_nobody_000000000000').start_run('x')
except VigilError as e:
    print('token:', e.status)`,
      ],
      { env },
    );
    expect(refusals.stdout).toMatch(/nan: metric 'loss' at step 1 is nan/);
    expect(refusals.stdout).toMatch(/finished: 409/);
    expect(refusals.stdout).toMatch(/token: 401/);

    // Registered and released through the normal path.
    const model = uniq('py-model').toLowerCase();
    const reg = await vigil('engineer', 'models', 'register', '--run', runId, '--model', model, '--json');
    expect(reg.code, reg.err).toBe(0);
    const versionId = (JSON.parse(reg.out) as { version: { id: string } }).version.id;
    const lineage = await getLineage({ db: db(), actor: actorOf(users.viewer) }, { versionId });
    // `vigil train` models carry their feature spec, which joins the lineage like a built-in run's.
    expect(lineage.nodes.map((n) => n.kind)).toEqual(['dataset', 'dataset_version', 'feature_spec', 'experiment', 'run', 'model_version']);
    const lineageJson = JSON.parse(fs.readFileSync(path.join(out, 'lineage.json'), 'utf8')) as { feature_spec_sha256: string };
    expect(lineage.nodes.find((n) => n.kind === 'feature_spec')?.detail.sha256).toBe(lineageJson.feature_spec_sha256);
    expect(lineage.nodes.find((n) => n.kind === 'run')?.detail).toMatchObject({ source: 'external', code_version: 'c0ffee1' });
    const reference = await ensureReference(versionId);
    expect(reference?.rows).toBe(300);
    expect(reference?.features.length).toBeGreaterThan(0);

    const golden = await uploadDataset({ db: db(), actor: actorOf(users.admin) }, { name: uniq('py-golden') }, chunksOf(learnableCsv(400, 77)));
    await callerAs(users.admin).evaluations.setGoldenSet({ model, datasetVersionId: golden.version.id, labelColumn: 'y' });
    await callerAs(users.engineer).evaluations.start({ model, version: 1 });
    const ev = await waitFor(async () => (await db().select().from(evaluations).where(eq(evaluations.candidateVersionId, versionId)))[0], (e) => !!e && (e.status === 'succeeded' || e.status === 'failed'), 60_000, 'evaluation');
    expect(ev.status, ev.error ?? '').toBe('succeeded');

    const promote = await vigil('engineer', 'promote', model, '--version', '1', '--reason', 'first release');
    expect(promote.code, promote.err).toBe(0);
    const [prod] = await db().select({ versionId: aliases.versionId }).from(aliases).innerJoin(models, eq(models.id, aliases.modelId)).where(and(eq(models.name, model), eq(aliases.name, 'production')));
    expect(prod.versionId).toBe(versionId);

    // Retraining needs a Vigil trainer: a production version trained elsewhere is refused at the
    // trigger, with the reason, and no attempt is recorded.
    await callerAs(users.engineer).retraining.propose({ model, datasetVersionId, cooldownMinutes: 60, maxPerDay: 4, minLabelledRows: 10 });
    await callerAs(users.admin).retraining.setEnabled({ model, enabled: true });
    await expect(callerAs(users.engineer).retraining.trigger({ model })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('trained outside Vigil') });
    const attempts = await db().select().from(retrainAttempts).innerJoin(models, eq(models.id, retrainAttempts.modelId)).where(eq(models.name, model));
    expect(attempts).toHaveLength(0);
  }, 180_000);
});

describe('abandoned external runs', () => {
  it('maintenance fails a run silent past the timeout (audited), leaves a live one, and a late write is refused', async () => {
    const me = { db: db(), actor: actorOf(users.engineer) };
    const silent = await createExternalRun(me, { experiment: uniq('abandon') });
    const live = await createExternalRun(me, { experiment: uniq('abandon') });
    // The silent one last reported 25 hours ago; the live one logs a metric now.
    await db().update(runs).set({ lastActivityAt: sql`now() - interval '25 hours'` }).where(eq(runs.id, silent.id));
    await db().update(runs).set({ lastActivityAt: sql`now() - interval '25 hours'` }).where(eq(runs.id, live.id));
    await logExternalMetrics(me, { runId: live.id, metrics: [{ name: 'loss', step: 1, value: 0.5 }] });
    const failed = await failAbandonedExternalRuns(db(), 24);
    expect(failed).toContain(silent.id);
    expect(failed).not.toContain(live.id);
    const [s] = await db().select().from(runs).where(eq(runs.id, silent.id));
    expect(s.status).toBe('failed');
    expect(s.error).toMatch(/abandoned: the run reported nothing .* for 24 hours/);
    expect(s.finishedAt).not.toBeNull();
    const [l] = await db().select().from(runs).where(eq(runs.id, live.id));
    expect(l.status).toBe('running');
    const [ev] = await db().select().from(auditEvents).where(and(eq(auditEvents.targetId, silent.id), eq(auditEvents.action, 'run.fail')));
    expect(ev.reason).toMatch(/VIGIL_EXTERNAL_RUN_TIMEOUT_HOURS/);
    await expect(logExternalMetrics(me, { runId: silent.id, metrics: [{ name: 'loss', step: 2, value: 0.4 }] })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/the run is failed/) });
    // Run again: nothing more to fail (idempotent).
    expect(await failAbandonedExternalRuns(db(), 24)).not.toContain(silent.id);
  });
});

