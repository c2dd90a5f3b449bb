// Input mapping at registration (issue 14): models exported the way PyTorch and skl2onnx write
// them (one tensor [N, d]; outputs [N,1], [N,2], label + ZipMap) are uploaded through the REST
// route with a mapping, then served through JSON and OIP by the real gateway, batch-scored,
// evaluated on a golden set, and given a drift reference from the named dataset version — with
// the scores checked against the probability the exported graph gives for the same features.
// Every bad mapping is refused with a 4xx naming the field, storing nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { batchScores, evaluations, featureSpecs, models, modelVersions } from '@/server/db/schema';
import type { JobReporter } from '@/server/queue/tracked-job';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { executeBatchScore } from '@/server/services/batch/execute-batch-score';
import { startBatchScore } from '@/server/services/batch/start-batch-score';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { ensureReference } from '@/server/services/monitoring/reference-profile';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { executeEvaluation, startEvaluation } from '@/server/services/promotions/evaluate';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { createToken } from '@/server/services/tokens/tokens';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';
import { POST as postModelVersion } from '@/app/api/models/[name]/versions/route';
import { sklearnLogreg, softmaxTwoColumn, torchMlp, type ForeignFixture } from '../helpers/foreign-onnx';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf } from './helpers/csv';
import { startConsoleHttp } from './helpers/console-http';
import { main } from '@/cli/main';
import { trainedOnnx } from './helpers/serving';
import { client } from './helpers/serving';

const reporter = (): JobReporter => ({ jobId: 'test', progress: async () => {}, log: async () => {}, isCancelled: () => false, checkCancelled: async () => false });

/** Rows whose file order (c, region, a, b) differs from the mapping's (a, b, c); y drawn from p. */
function csvFor(f: ForeignFixture, n: number, seed: number) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows: { a: number; b: number; c: number; region: string; y: number }[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.round((rand() * 6 - 3) * 1000) / 1000;
    const b = Math.round((rand() * 6 - 3) * 1000) / 1000;
    const c = Math.round((rand() * 4 - 2) * 1000) / 1000;
    rows.push({ a, b, c, region: ['north', 'south', 'east'][i % 3], y: rand() < f.predict([a, b, c]) ? 1 : 0 });
  }
  return { rows, csv: ['c,region,a,b,y', ...rows.map((r) => `${r.c},${r.region},${r.a},${r.b},${r.y}`)].join('\n') + '\n' };
}

let token: string;
let admin: Awaited<ReturnType<typeof makeUser>>;
const ctx = () => ({ db: db(), actor: actorOf(admin) });

function upload(name: string, bytes: Uint8Array, query: Record<string, string> = {}, bearer = token) {
  const q = new URLSearchParams({ filename: 'model.onnx', ...query });
  const req = new Request(`http://localhost/api/models/${name}/versions?${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/octet-stream' },
    body: Buffer.from(bytes),
  });
  return postModelVersion(req, { params: Promise.resolve({ name }) });
}

async function uploadOk(name: string, bytes: Uint8Array, query: Record<string, string>) {
  const res = await upload(name, bytes, query);
  const body = (await res.json()) as { version: { id: string; version: number; signature: Record<string, unknown>; featureSpecId: string | null }; error?: { message: string } };
  expect(res.status, body.error?.message).toBe(201);
  return body.version;
}

async function refused(name: string, bytes: Uint8Array, query: Record<string, string>, status: number, field: string | null, re: RegExp) {
  const res = await upload(name, bytes, query);
  const body = (await res.json()) as { error: { message: string; field?: string } };
  expect(res.status, body.error.message).toBe(status);
  if (field) expect(body.error.field).toBe(field);
  expect(body.error.message).toMatch(re);
  expect(await db().select().from(models).where(eq(models.name, name))).toHaveLength(0);
}

const FIXTURES: [string, ForeignFixture][] = [
  ['PyTorch MLP, output [N,1]', torchMlp(3)],
  ['softmax output [N,2]', softmaxTwoColumn(3)],
  ['scikit-learn label + ZipMap probabilities', sklearnLogreg(3)],
];

interface Case {
  f: ForeignFixture;
  name: string;
  versionId: string;
  datasetVersionId: string;
  rows: ReturnType<typeof csvFor>['rows'];
}
const cases: Case[] = [];
let serving: RunningServing;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  admin = await makeUser('admin');
  token = (await createToken({ db: db(), actor: actorOf(admin) }, { name: 't' })).token;
  for (const [i, [, f]] of FIXTURES.entries()) {
    const { rows, csv } = csvFor(f, 300, 11 + i);
    const ds = await uploadDataset(ctx(), { name: uniq('mapped-data') }, chunksOf(csv));
    const name = uniq('mapped').toLowerCase();
    const v = await uploadOk(name, f.bytes, { columns: 'a,b,c', datasetVersionId: ds.version.id });
    await moveAlias(ctx(), { model: name, alias: 'production', version: v.version, reason: 'first release' });
    cases.push({ f, name, versionId: v.id, datasetVersionId: ds.version.id, rows });
  }
  const key = await createServingKey(ctx(), { name: 'mapped', models: cases.map((c) => c.name) });
  serving = await startServing({ port: 0, log: () => {} });
  call = client(`http://127.0.0.1:${serving.port}`, key.key);
});
afterAll(async () => {
  await serving?.close();
});

describe.each(FIXTURES.map(([label], i) => [label, i] as const))('an uploaded %s with a column mapping', (_label, i) => {
  const c = () => cases[i];

  it('is stored as a raw-column model, with the mapping and its parity recorded', async () => {
    const [mv] = await db().select().from(modelVersions).where(eq(modelVersions.id, c().versionId));
    const sig = mv.signature as { inputs: { name: string; type: string; shape: unknown[] }[]; outputs: { name: string }[]; inputMapping: { kind: string; width: number; parityRows: number; parityMaxAbsDiff: number } };
    expect(sig.inputs.map((x) => `${x.name}:${x.type}`)).toEqual(['a:double', 'b:double', 'c:double']);
    expect(sig.outputs.map((o) => o.name)).toEqual(['probability']);
    expect(sig.inputMapping).toMatchObject({ kind: 'columns', width: 3, parityRows: 300 });
    expect(sig.inputMapping.parityMaxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(mv.referenceDatasetVersionId).toBe(c().datasetVersionId);
    const [spec] = await db().select().from(featureSpecs).where(eq(featureSpecs.id, mv.featureSpecId!));
    expect((spec.spec as { inputs: { name: string }[] }).inputs.map((x) => x.name)).toEqual(['a', 'b', 'c']);
  });

  it('serves JSON rows by column name, scoring as the exported graph does', async () => {
    const rows = c().rows.slice(0, 5);
    // Field order in the JSON does not matter: the mapping fixes the tensor's column order.
    const r = await call(`/v1/models/${c().name}/predict`, { rows: rows.map(({ c: cc, b, a }) => ({ c: cc, b, a })) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const preds = r.body.predictions as { score: number; label: number }[];
    preds.forEach((p, k) => expect(p.score).toBeCloseTo(c().f.predict([rows[k].a, rows[k].b, rows[k].c]), 5));
    expect(new Set(preds.map((p) => p.score.toFixed(5))).size).toBe(5);
    const bad = await call(`/v1/models/${c().name}/predict`, { rows: [{ a: 1, b: 2 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/row 0, field 'c': missing required field/);
  });

  it('serves OIP V2: metadata lists the raw columns, infer agrees with JSON', async () => {
    const meta = await call(`/v2/models/${c().name}`);
    expect((meta.body.inputs as { name: string; datatype: string }[]).map((x) => `${x.name}:${x.datatype}`)).toEqual(['a:FP64', 'b:FP64', 'c:FP64']);
    const rows = c().rows.slice(0, 3);
    const infer = await call(`/v2/models/${c().name}/infer`, {
      inputs: (['a', 'b', 'c'] as const).map((k) => ({ name: k, shape: [3, 1], datatype: 'FP64', data: rows.map((r) => r[k]) })),
    });
    expect(infer.status, JSON.stringify(infer.body)).toBe(200);
    const prob = (infer.body.outputs as { name: string; data: number[] }[]).find((o) => o.name === 'probability')!;
    prob.data.forEach((p, k) => expect(p).toBeCloseTo(c().f.predict([rows[k].a, rows[k].b, rows[k].c]), 5));
  });

  it('batch-scores the dataset version', async () => {
    const b = await startBatchScore(ctx(), { model: c().name, version: 1, datasetVersionId: c().datasetVersionId });
    await executeBatchScore(b.id, reporter());
    const [row] = await db().select().from(batchScores).where(eq(batchScores.id, b.id));
    expect(row).toMatchObject({ status: 'succeeded', rowsScored: 300, rowsSkipped: 0 });
    const lines = (await artifactStore().getBytes(keyForSha(row.resultSha256!))).toString().trim().split('\n');
    expect(lines[0]).toBe('c,region,a,b,y,score,label,prediction_id');
    for (const k of [0, 150, 299]) {
      const [cc, , a, bb, , score] = lines[k + 1].split(',');
      expect(Number(score)).toBeCloseTo(c().f.predict([Number(a), Number(bb), Number(cc)]), 5);
    }
  });

  it('is evaluated on a golden set, with fairness by region', async () => {
    await callerAs(admin).evaluations.setGoldenSet({ model: c().name, datasetVersionId: c().datasetVersionId, labelColumn: 'y' });
    await callerAs(admin).evaluations.setPolicy({ model: c().name, sensitiveAttributes: ['region'] });
    const ev = await startEvaluation(ctx(), { model: c().name, version: 1 });
    await executeEvaluation(ev.id, reporter());
    const [done] = await db().select().from(evaluations).where(eq(evaluations.id, ev.id));
    expect(done.status, done.error ?? '').toBe('succeeded');
    const result = done.result as { rows: number; candidate: { metrics: { auc: number }; fairness: Record<string, unknown> } };
    expect(result.rows).toBe(300);
    // Labels were drawn from the model's own probability: it must rank them well.
    expect(result.candidate.metrics.auc).toBeGreaterThan(0.7);
    expect(Object.keys(result.candidate.fairness)).toEqual(['region']);
  });

  it('gets a drift reference from the named dataset version', async () => {
    const ref = await ensureReference(c().versionId);
    expect(ref).not.toBeNull();
    expect(ref!.rows).toBe(300);
    expect(ref!.features.map((x) => (x as { name: string }).name).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('drift and data quality on a mapped upload', () => {
  it('rolls up the raw columns it is served and reports drift against the dataset version', async () => {
    const c = cases[0];
    const send = async (shift: number) => {
      const r = await call(`/v1/models/${c.name}/predict`, { rows: c.rows.map((x) => ({ a: x.a + shift, b: x.b, c: x.c })) });
      expect(r.status).toBe(200);
    };
    await send(0);
    await send(6);
    await serving.shipper.drain();
    await runMonitor(Date.now() + 2 * 60_000, { models: [c.name] });
    const report = await callerAs(admin).monitoring.report({ model: c.name, windowMinutes: 30 });
    expect(report!.hasReference).toBe(true);
    expect(report!.features.map((f) => f.feature).sort()).toEqual(['a', 'b', 'c']);
    expect(report!.drift!.driftedFeatures).toEqual(['a']);
    expect(report!.predictionDrift).not.toBeNull();
  });
});

describe('a single-tensor model uploaded without a mapping', () => {
  it('is registered, and serving says to upload it with a mapping (JSON and OIP)', async () => {
    const name = uniq('unmapped').toLowerCase();
    const v = await uploadOk(name, torchMlp(3).bytes, {});
    expect((v.signature.inputs as { name: string }[]).map((x) => x.name)).toEqual(['input']);
    await moveAlias(ctx(), { model: name, alias: 'production', version: 1, reason: 'first release' });
    const key = await createServingKey(ctx(), { name: 'unmapped', models: [name] });
    const call2 = client(`http://127.0.0.1:${serving.port}`, key.key);
    const json = await call2(`/v1/models/${name}/predict`, { rows: [{ input: 1 }] });
    expect(json.status).toBe(400);
    expect(json.body.error).toMatch(/registered without an input mapping; upload it again naming its raw columns/);
    const oip = await call2(`/v2/models/${name}/infer`, { inputs: [{ name: 'input', shape: [1, 3], datatype: 'FP32', data: [1, 2, 3] }] });
    expect(oip.status).toBe(400);
    expect(oip.body.error).toMatch(/registered without an input mapping/);
    expect(await ensureReference(v.id)).toBeNull();
  });
});

describe('a feature-spec mapping', () => {
  it('composes the spec (fitted on the dataset version) in front of the graph and serves raw rows', async () => {
    const f = torchMlp(5); // a standardized + 1, b clipped + 1, region one-hot over 3 = 5
    const { csv } = csvFor(f, 200, 5);
    const ds = await uploadDataset(ctx(), { name: uniq('spec-data') }, chunksOf(csv));
    const name = uniq('mapped-spec').toLowerCase();
    const mapping = {
      featureSpec: {
        version: 1,
        inputs: [
          { name: 'a', type: 'numeric', nullable: true },
          { name: 'b', type: 'numeric', nullable: false },
          { name: 'region', type: 'categorical', nullable: true },
        ],
        features: [
          { input: 'a', transforms: [{ op: 'impute', strategy: 'median' }, { op: 'standardize' }] },
          { input: 'b', transforms: [{ op: 'clip', min: -2, max: 2 }] },
          { input: 'region', transforms: [{ op: 'one_hot' }] },
        ],
      },
    };
    const v = await uploadOk(name, f.bytes, { inputMapping: JSON.stringify(mapping), datasetVersionId: ds.version.id });
    expect((v.signature.inputMapping as { kind: string; width: number }).width).toBe(5);
    const [spec] = await db().select().from(featureSpecs).where(eq(featureSpecs.id, v.featureSpecId!));
    expect(spec.fittedOnDatasetVersionId).toBe(ds.version.id);
    const fitted = spec.spec as { features: { transforms: { op: string; mean?: number }[] }[] };
    expect(typeof fitted.features[0].transforms[1].mean).toBe('number');
    await moveAlias(ctx(), { model: name, alias: 'production', version: 1, reason: 'first release' });
    const key = await createServingKey(ctx(), { name: 'spec', models: [name] });
    const r = await client(`http://127.0.0.1:${serving.port}`, key.key)(`/v1/models/${name}/predict`, { rows: [{ a: null, b: 9, region: 'north' }, { a: 1, b: -1, region: 'west' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const preds = r.body.predictions as { score: number; unseen?: string[] }[];
    expect(preds[1].unseen).toEqual(['region']);
    expect(await ensureReference(v.id)).toMatchObject({ rows: 200 });
  });
});

describe('bad mappings are refused with the field named, storing nothing', () => {
  const name = () => uniq('bad-map').toLowerCase();
  const three = torchMlp(3).bytes;

  it('a column named twice', () => refused(name(), three, { columns: 'a,b,a' }, 400, 'inputMapping', /columns\[2\]: 'a' is named twice/));
  it('a column count that differs from the tensor width', () => refused(name(), three, { columns: 'a,b' }, 400, 'inputMapping', /names 2 columns, but the model's input 'input' is \[N, 3\]/));
  it('an unknown key (a dtype) and an unknown input type', async () => {
    await refused(name(), three, { inputMapping: '{"columns":["a","b","c"],"dtype":"float16"}' }, 400, 'inputMapping', /dtype/);
    await refused(name(), three, { inputMapping: '{"featureSpec":{"version":1,"inputs":[{"name":"a","type":"tensor","nullable":false}],"features":[{"input":"a","transforms":[]}]}}' }, 400, 'inputMapping', /inputs\[0\]/);
  });
  it('a non-float tensor input', () => refused(name(), torchMlp(3, { inputType: 'int64' }).bytes, { columns: 'a,b,c' }, 400, 'inputMapping', /tensor\(int64\); a mapping feeds a float or double tensor/));
  it('a model that already takes raw columns', async () => refused(name(), await trainedOnnx(1), { columns: 'x1,x2' }, 400, 'inputMapping', /already takes raw columns/));
  it('an oversized mapping: 1001 columns, or JSON over the limit', async () => {
    await refused(name(), three, { inputMapping: JSON.stringify({ columns: Array.from({ length: 1001 }, (_, k) => `c${k}`) }) }, 400, 'inputMapping', /at most 1000 columns/);
    await refused(name(), three, { inputMapping: JSON.stringify({ columns: ['x'.repeat(300 * 1024)] }) }, 400, 'inputMapping', /the limit is 262144/);
  });
  it('not JSON, both forms at once, a feature spec without data, a bad or unknown dataset version', async () => {
    await refused(name(), three, { inputMapping: '{columns:' }, 400, 'inputMapping', /not JSON/);
    await refused(name(), three, { columns: 'a,b,c', inputMapping: '{"columns":["a"]}' }, 400, 'inputMapping', /either columns or inputMapping/);
    await refused(name(), three, { inputMapping: '{"featureSpec":{"version":1,"inputs":[{"name":"a","type":"numeric","nullable":false}],"features":[{"input":"a","transforms":[{"op":"standardize"}]}]}}' }, 400, 'datasetVersionId', /needs the dataset version/);
    await refused(name(), three, { columns: 'a,b,c', datasetVersionId: 'nope' }, 400, 'datasetVersionId', /dataset version id/);
    await refused(name(), three, { columns: 'a,b,c', datasetVersionId: '00000000-0000-4000-8000-000000000000' }, 404, null, /dataset version not found/);
  });
  it('a dataset version without the mapped columns', async () => {
    const ds = await uploadDataset(ctx(), { name: uniq('other') }, chunksOf('x,y\n1,0\n2,1\n'));
    await refused(name(), three, { columns: 'a,b,c', datasetVersionId: ds.version.id }, 400, 'datasetVersionId', /column 'a' required by the feature spec is not in the data/);
  });
  it('a viewer, before anything else', async () => {
    const viewer = await makeUser('viewer');
    const t = (await createToken({ db: db(), actor: actorOf(viewer) }, { name: 't' })).token;
    const res = await upload(name(), three, { columns: 'a,b,c' }, t);
    expect(res.status).toBe(403);
  });
});

describe('vigil models upload with a mapping', () => {
  it('uploads with --columns and --dataset-version; a bad mapping file or mapping is refused naming it', async () => {
    const http = await startConsoleHttp();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-map-'));
    try {
      const vigil = async (...args: string[]) => {
        let out = '';
        let err = '';
        const code = await main([...args, '--url', http.url, '--token', token], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
        return { code, out, err };
      };
      const f = softmaxTwoColumn(3);
      const file = path.join(dir, 'net.onnx');
      fs.writeFileSync(file, f.bytes);
      const ds = await uploadDataset(ctx(), { name: uniq('cli-map') }, chunksOf(csvFor(f, 50, 3).csv));
      const name = uniq('cli-mapped').toLowerCase();
      const ok = await vigil('models', 'upload', '--model', name, '--file', file, '--columns', 'a,b,c', '--dataset-version', ds.version.id, '--json');
      expect(ok.code, ok.err).toBe(0);
      const v = JSON.parse(ok.out) as { version: { id: string; signature: { inputs: { name: string }[] } } };
      expect(v.version.signature.inputs.map((x) => x.name)).toEqual(['a', 'b', 'c']);
      expect(await ensureReference(v.version.id)).toMatchObject({ rows: 50 });

      const badJson = path.join(dir, 'bad.json');
      fs.writeFileSync(badJson, '{"columns": [a, b]}');
      const notJson = await vigil('models', 'upload', '--model', name, '--file', file, '--mapping', badJson);
      expect(notJson.code).toBe(2);
      expect(notJson.err).toMatch(/bad\.json: not JSON/);
      const twice = path.join(dir, 'twice.json');
      fs.writeFileSync(twice, JSON.stringify({ columns: ['a', 'b', 'b'] }));
      const refusedTwice = await vigil('models', 'upload', '--model', name, '--file', file, '--mapping', twice);
      expect(refusedTwice.code).not.toBe(0);
      expect(refusedTwice.err).toMatch(/columns\[2\]: 'b' is named twice/);
    } finally {
      await http.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
