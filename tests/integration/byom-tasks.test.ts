// Models trained anywhere, for every task (issue 14): models written by real exporters — PyTorch's
// torch.onnx.export (binary, multiclass and regression heads) and scikit-learn-shaped graphs from
// python3-onnx (label + ZipMap over string classes; LinearRegressor's `variable`) — made by the
// committed script tests/fixtures/exporters/export_models.py, are uploaded through the REST route
// with a column mapping and their task, served by the real gateway through JSON and OIP, and
// batch-scored; every value is checked against what the exporter's own framework computed.
// Bad mappings and a change of task under one model name are refused, storing nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { batchScores, models, modelVersions } from '@/server/db/schema';
import type { JobReporter } from '@/server/queue/tracked-job';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { executeBatchScore } from '@/server/services/batch/execute-batch-score';
import { startBatchScore } from '@/server/services/batch/start-batch-score';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { createToken } from '@/server/services/tokens/tokens';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';
import { POST as postModelVersion } from '@/app/api/models/[name]/versions/route';
import { actorOf, makeUser, uniq } from './helpers/factories';
import { chunksOf } from './helpers/csv';
import { client } from './helpers/serving';

const reporter = (): JobReporter => ({ jobId: 'test', progress: async () => {}, log: async () => {}, isCancelled: () => false, checkCancelled: async () => false });
const TOL = 1e-5;

interface Reference {
  rows: [number, number, number][];
  classes: Record<string, string[]>;
  [model: string]: unknown;
}

type Task = 'binary' | 'multiclass' | 'regression';
interface Fixture {
  file: string;
  task: Task;
  /** Query of the upload besides columns. */
  query: Record<string, string>;
  classes?: string[];
}

const TORCH_CLASSES = ['low', 'mid', 'high'];
const FIXTURES: Fixture[] = [
  { file: 'torch_binary', task: 'binary', query: {} },
  { file: 'torch_multiclass', task: 'multiclass', query: { task: 'multiclass', classes: TORCH_CLASSES.join(',') }, classes: TORCH_CLASSES },
  { file: 'torch_regression', task: 'regression', query: { task: 'regression' } },
  // The ZipMap carries the class names: none given.
  { file: 'skl_multiclass', task: 'multiclass', query: { task: 'multiclass' }, classes: ['setosa', 'versicolor', 'virginica'] },
  { file: 'skl_regression', task: 'regression', query: { task: 'regression' } },
];

let dir: string;
let ref: Reference;
let token: string;
let admin: Awaited<ReturnType<typeof makeUser>>;
const ctx = () => ({ db: db(), actor: actorOf(admin) });
const bytesOf = (file: string) => fs.readFileSync(path.join(dir, `${file}.onnx`));
const expected = (f: Fixture) => ref[f.file] as number[][];

function upload(name: string, bytes: Uint8Array, query: Record<string, string>) {
  const q = new URLSearchParams({ filename: 'model.onnx', ...query });
  const req = new Request(`http://localhost/api/models/${name}/versions?${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: Buffer.from(bytes),
  });
  return postModelVersion(req, { params: Promise.resolve({ name }) });
}

async function refused(name: string, bytes: Uint8Array, query: Record<string, string>, field: string, re: RegExp) {
  const before = await db().select().from(modelVersions);
  const res = await upload(name, bytes, query);
  const body = (await res.json()) as { error: { message: string; field?: string } };
  expect(res.status, body.error.message).toBe(400);
  expect(body.error.field).toBe(field);
  expect(body.error.message).toMatch(re);
  expect(await db().select().from(modelVersions)).toHaveLength(before.length);
}

const cases = new Map<string, { name: string; versionId: string; datasetVersionId: string }>();
let serving: RunningServing;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-exporters-'));
  const r = spawnSync('/usr/bin/python3', [path.resolve('tests/fixtures/exporters/export_models.py'), dir], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  ref = JSON.parse(fs.readFileSync(path.join(dir, 'reference.json'), 'utf8')) as Reference;
  admin = await makeUser('admin');
  token = (await createToken(ctx(), { name: 't' })).token;
  // Columns in another order than the mapping's, so the mapping is what orders the tensor.
  const csv = ['c,b,a', ...ref.rows.map(([a, b, c]) => `${c},${b},${a}`)].join('\n') + '\n';
  for (const f of FIXTURES) {
    const ds = await uploadDataset(ctx(), { name: uniq('exported-rows') }, chunksOf(csv));
    const name = uniq(f.file.replace('_', '-')).toLowerCase();
    const res = await upload(name, bytesOf(f.file), { columns: 'a,b,c', datasetVersionId: ds.version.id, ...f.query });
    const body = (await res.json()) as { version: { id: string; version: number }; error?: { message: string } };
    expect(res.status, `${f.file}: ${body.error?.message}`).toBe(201);
    await moveAlias(ctx(), { model: name, alias: 'production', version: body.version.version, reason: 'first release' });
    cases.set(f.file, { name, versionId: body.version.id, datasetVersionId: ds.version.id });
  }
  const key = await createServingKey(ctx(), { name: 'exported', models: [...cases.values()].map((c) => c.name) });
  serving = await startServing({ port: 0, log: () => {} });
  call = client(`http://127.0.0.1:${serving.port}`, key.key);
}, 180_000);

afterAll(async () => {
  await serving?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(FIXTURES.map((f) => [f.file, f] as const))('%s, uploaded with a column mapping', (_file, f) => {
  const c = () => cases.get(f.file)!;

  it('is registered with its task (and classes), its output normalised and parity recorded', async () => {
    const [mv] = await db().select().from(modelVersions).where(eq(modelVersions.id, c().versionId));
    expect(mv.task).toBe(f.task);
    expect(mv.classes).toEqual(f.classes ?? null);
    const sig = mv.signature as { outputs: { name: string; shape: unknown[] }[]; inputMapping: { task: string; parityRows: number; parityMaxAbsDiff: number } };
    const out = { binary: 'probability', multiclass: 'probabilities', regression: 'prediction' }[f.task];
    expect(sig.outputs.map((o) => o.name)).toEqual([out]);
    expect(sig.inputMapping).toMatchObject({ task: f.task, parityRows: ref.rows.length });
    expect(sig.inputMapping.parityMaxAbsDiff).toBeLessThanOrEqual(TOL);
  });

  it('answers JSON rows with the exporter framework\'s own outputs', async () => {
    const rows = ref.rows.slice(0, 8);
    const r = await call(`/v1/models/${c().name}/predict`, { rows: rows.map(([a, b, cc]) => ({ b, c: cc, a })) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const preds = r.body.predictions as Record<string, unknown>[];
    const want = expected(f);
    preds.forEach((p, k) => {
      if (f.task === 'binary') {
        expect(Math.abs((p.score as number) - want[k][0])).toBeLessThanOrEqual(TOL);
        expect(p.label).toBe(want[k][0] >= 0.5 ? 1 : 0);
      } else if (f.task === 'regression') {
        expect(Math.abs((p.prediction as number) - want[k][0])).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(want[k][0])));
        expect(Object.keys(p).sort()).toEqual(['model_version', 'prediction', 'prediction_id']);
      } else {
        const probs = p.probabilities as Record<string, number>;
        expect(Object.keys(probs)).toEqual(f.classes);
        f.classes!.forEach((cls, j) => expect(Math.abs(probs[cls] - want[k][j])).toBeLessThanOrEqual(TOL));
        const best = want[k].indexOf(Math.max(...want[k]));
        expect(p.label).toBe(f.classes![best]);
      }
    });
  });

  it('answers OIP with the task\'s output tensors and describes them', async () => {
    const rows = ref.rows.slice(10, 14);
    const meta = await call(`/v2/models/${c().name}`);
    expect(meta.status).toBe(200);
    const outs = (meta.body.outputs as { name: string; shape: number[] }[]).map((o) => `${o.name}[${o.shape.join(',')}]`);
    const infer = await call(`/v2/models/${c().name}/infer`, {
      inputs: ['a', 'b', 'c'].map((name, j) => ({ name, shape: [rows.length, 1], datatype: 'FP64', data: rows.map((r) => r[j]) })),
    });
    expect(infer.status, JSON.stringify(infer.body)).toBe(200);
    const got = new Map((infer.body.outputs as { name: string; shape: number[]; datatype: string; data: unknown[] }[]).map((o) => [o.name, o]));
    const want = expected(f).slice(10, 14);
    if (f.task === 'multiclass') {
      expect(outs).toEqual(['probabilities[-1,3]', 'label[-1]', 'prediction_id[-1]']);
      expect(meta.body.parameters).toEqual({ classes: f.classes });
      expect(got.get('probabilities')!.shape).toEqual([4, 3]);
      (got.get('probabilities')!.data as number[]).forEach((v, j) => expect(Math.abs(v - want[Math.floor(j / 3)][j % 3])).toBeLessThanOrEqual(TOL));
      expect(got.get('label')!.datatype).toBe('BYTES');
      expect(got.get('label')!.data).toEqual(want.map((w) => f.classes![w.indexOf(Math.max(...w))]));
    } else if (f.task === 'regression') {
      expect(outs).toEqual(['prediction[-1,1]', 'prediction_id[-1]']);
      (got.get('prediction')!.data as number[]).forEach((v, k) => expect(Math.abs(v - want[k][0])).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(want[k][0]))));
    } else {
      expect(outs).toEqual(['probability[-1,1]', 'label[-1,1]', 'prediction_id[-1]']);
      (got.get('probability')!.data as number[]).forEach((v, k) => expect(Math.abs(v - want[k][0])).toBeLessThanOrEqual(TOL));
    }
    // An output of another task is refused before scoring, naming this model's outputs.
    const wrong = await call(`/v2/models/${c().name}/infer`, {
      inputs: ['a', 'b', 'c'].map((name, j) => ({ name, shape: [1, 1], datatype: 'FP64', data: [rows[0][j]] })),
      outputs: [{ name: f.task === 'regression' ? 'probability' : 'prediction' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatch(new RegExp(`outputs\\[0\\]\\.name: unknown output .*this ${f.task} model's outputs are`));
  });

  it('batch-scores its dataset version with the task\'s columns and logs every row', async () => {
    const b = await startBatchScore(ctx(), { model: c().name, version: 1, datasetVersionId: c().datasetVersionId });
    await executeBatchScore(b.id, reporter());
    const [row] = await db().select().from(batchScores).where(eq(batchScores.id, b.id));
    expect(row.status).toBe('succeeded');
    expect(row.rowsScored).toBe(ref.rows.length);
    const lines = (await artifactStore().getBytes(keyForSha(row.resultSha256!))).toString().trim().split('\n');
    const header = lines[0].split(',');
    const outCols = f.task === 'binary' ? ['score', 'label'] : f.task === 'regression' ? ['prediction'] : [...f.classes!.map((cl) => `p_${cl}`), 'label'];
    expect(header).toEqual(['c', 'b', 'a', ...outCols, 'prediction_id']);
    const want = expected(f);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      const width = f.task === 'multiclass' ? f.classes!.length : 1;
      for (let j = 0; j < width; j++) expect(Math.abs(Number(cells[3 + j]) - want[i][j])).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(want[i][j])));
      if (f.task === 'multiclass') expect(cells[3 + width]).toBe(f.classes![want[i].indexOf(Math.max(...want[i]))]);
    });
    const logged = await db().execute<{ n: number; outputs: Record<string, unknown> }>(
      `SELECT count(*)::int AS n, (array_agg(outputs))[1] AS outputs FROM predictions WHERE version_id = '${c().versionId}' AND route = 'batch'` as never,
    );
    expect(logged.rows[0].n).toBe(ref.rows.length);
    const keys = Object.keys(logged.rows[0].outputs).sort();
    expect(keys).toEqual(f.task === 'binary' ? ['label', 'score'] : f.task === 'regression' ? ['prediction'] : ['label', 'probabilities']);
  });
});

describe('refused uploads, storing nothing', () => {
  it('a multiclass tensor output without class names, or with the wrong number of them', async () => {
    const bytes = bytesOf('torch_multiclass');
    await refused(uniq('mc').toLowerCase(), bytes, { columns: 'a,b,c', task: 'multiclass' }, 'inputMapping', /needs the class names of 'output' in column order/);
    await refused(uniq('mc').toLowerCase(), bytes, { columns: 'a,b,c', task: 'multiclass', classes: 'x,y' }, 'inputMapping', /'output' has 3 columns but 2 classes are named/);
    await refused(uniq('mc').toLowerCase(), bytes, { columns: 'a,b,c', task: 'multiclass', classes: 'x,y,x' }, 'inputMapping', /classes\[2\]: 'x' is named twice/);
    await refused(uniq('mc').toLowerCase(), bytes, { columns: 'a,b,c', task: 'multiclass', classes: 'x,y\u0000,z' }, 'inputMapping', /classes\[1\]: holds a character Postgres cannot store/);
    await refused(uniq('mc').toLowerCase(), bytes, { columns: 'a,b,c', task: 'ranking' }, 'inputMapping', /task/);
    await refused(uniq('mc').toLowerCase(), bytes, { columns: 'a,b,c', classes: 'x,y,z' }, 'inputMapping', /only a multiclass mapping names classes/);
    await refused(uniq('mc').toLowerCase(), bytes, { task: 'multiclass' }, 'task', /task and classes go with columns/);
  });

  it('a regression mapping over an output that is not one value per row', async () => {
    await refused(uniq('rg').toLowerCase(), bytesOf('torch_multiclass'), { columns: 'a,b,c', task: 'regression' }, 'file', /cannot tell which output is the prediction/);
  });

  it('a binary mapping of a 3-class ZipMap says to map it as multiclass', async () => {
    await refused(uniq('bn').toLowerCase(), bytesOf('skl_multiclass'), { columns: 'a,b,c' }, 'file', /lists 3 classes; map it as a multiclass model/);
  });

  it('a version of another task under an existing model name', async () => {
    const mc = cases.get('torch_multiclass')!;
    await refused(mc.name, bytesOf('torch_regression'), { columns: 'a,b,c', task: 'regression' }, 'model', /predicts multiclass; this version is a regression model/);
    expect(await db().select().from(models).where(eq(models.name, mc.name))).toHaveLength(1);
  });

  it('two uploads of different tasks to one new model name at once: one version is stored, the other is refused naming the task', async () => {
    const name = uniq('race').toLowerCase();
    const [a, b] = await Promise.all([
      upload(name, bytesOf('torch_regression'), { columns: 'a,b,c', task: 'regression' }),
      upload(name, bytesOf('torch_multiclass'), { columns: 'a,b,c', task: 'multiclass', classes: TORCH_CLASSES.join(',') }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([201, 400]);
    const loser = a.status === 400 ? a : b;
    const body = (await loser.json()) as { error: { message: string; field?: string } };
    expect(body.error.field).toBe('model');
    expect(body.error.message).toMatch(/predicts (regression|multiclass); this version is a (multiclass|regression) model/);
    const [m] = await db().select().from(models).where(eq(models.name, name));
    const versions = await db().select().from(modelVersions).where(eq(modelVersions.modelId, m.id));
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(versions[0].task).toBe(a.status === 201 ? 'regression' : 'multiclass');
  });
});
