// The serving gateway against real Postgres and onnxruntime: routing, validation, keys, OIP,
// hot swap on alias moves, rollback, shadow, feedback.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { predictionFeedback } from '@/server/db/schema';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { rollback } from '@/server/services/aliases/rollback';
import { createServingKey, revokeServingKey } from '@/server/services/serving-keys/serving-keys';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { callerAs, makeUser } from './helpers/factories';
import { client, goodRow, servedModel } from './helpers/serving';
import { waitFor } from './helpers/wait';

let serving: RunningServing;
let base: string;
let m: Awaited<ReturnType<typeof servedModel>>;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  m = await servedModel(2);
  serving = await startServing({ port: 0, log: () => {} });
  base = `http://127.0.0.1:${serving.port}`;
  call = client(base, m.key);
});
afterAll(async () => {
  await serving.close();
});

const predict = (rows: unknown[], extra: Record<string, unknown> = {}) => call(`/v1/models/${m.name}/predict`, { rows, ...extra });
const productionVersion = async () => ((await predict([goodRow])).body as { model_version: number }).model_version;

describe('serving: predictions and the log', () => {
  it('answers with score, label, prediction id and version, and logs every row durably', async () => {
    const r = await predict([goodRow, { ...goodRow, x1: -4 }]);
    expect(r.status).toBe(200);
    const preds = r.body.predictions as { prediction_id: string; score: number; label: number; model_version: number }[];
    expect(preds).toHaveLength(2);
    expect(preds[0].model_version).toBe(1);
    expect(preds[0].score).toBeGreaterThan(preds[1].score); // x1 raises the logit
    expect(preds[0].label).toBe(preds[0].score >= 0.5 ? 1 : 0);
    await serving.shipper.drain();
    const rows = await db().execute(sql`SELECT id, route, inputs, outputs FROM predictions WHERE id = ANY(${`{${preds.map((p) => p.prediction_id).join(",")}}`}::uuid[])`);
    expect(rows.rows).toHaveLength(2);
    expect(rows.rows.every((x) => x.route === 'production')).toBe(true);
  });

  it('says which categorical values the model never saw in training (scored as all zeros), and only then', async () => {
    const r = await predict([goodRow, { ...goodRow, region: 'NORTH' }, { ...goodRow, region: 'west' }]);
    expect(r.status).toBe(200);
    const preds = r.body.predictions as { unseen?: string[]; score: number }[];
    expect(preds[0].unseen).toBeUndefined();
    expect(preds[1].unseen).toEqual(['region']); // categories match exactly: 'NORTH' is not 'north'
    expect(preds[2].unseen).toEqual(['region']);
    expect(preds[1].score).toBe(preds[2].score); // both unseen values encode as all zeros
  });

  it('fills nulls of nullable fields through the graph imputation', async () => {
    const r = await predict([{ ...goodRow, x2: null }]);
    expect(r.status).toBe(200);
  });

  const BAD: [string, unknown[] | string, RegExp, number][] = [
    ['a wrong type', [{ ...goodRow, x1: 'high' }], /row 0, field 'x1': expected a number/, 400],
    ['a missing non-nullable field', [{ x2: 1, region: 'north' }], /row 0, field 'x1': missing required field/, 400],
    ['an unknown field', [{ ...goodRow, colour: 'red' }], /row 0, field 'colour': unknown field/, 400],
    ['a row that is not an object', [goodRow, 42], /row 1, field '\(row\)'/, 400],
    ['a categorical given as a number', [{ ...goodRow, region: 3 }], /field 'region': expected a string/, 400],
  ];
  for (const [what, rows, re, status] of BAD) {
    it(`rejects ${what} with the row and field named`, async () => {
      const r = await predict(rows as unknown[]);
      expect(r.status).toBe(status);
      expect(r.body.error).toMatch(re);
      expect(Array.isArray(r.body.problems)).toBe(true);
    });
  }

  it('rejects Infinity (1e999), too many rows, an oversize body and bad JSON', async () => {
    const inf = await call(`/v1/models/${m.name}/predict`, undefined, { raw: '{"rows":[{"x1":1e999,"x2":1,"region":"north"}]}' });
    expect(inf.status).toBe(400);
    expect(inf.body.error).toMatch(/field 'x1': must be a finite number/);
    const many = await predict(Array.from({ length: 1001 }, () => goodRow));
    expect(many.status).toBe(400);
    expect(many.body.error).toMatch(/limit is 1000/);
    const big = await call(`/v1/models/${m.name}/predict`, undefined, { raw: JSON.stringify({ rows: [goodRow], pad: 'x'.repeat(1_100_000) }) });
    expect(big.status).toBe(413);
    const bad = await call(`/v1/models/${m.name}/predict`, undefined, { raw: '{"rows": [' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/not valid JSON/);
  });

  it('counts rejections per model in /metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(new RegExp(`vigil_predict_rejected_total\\{model="${m.name}",reason="wrong_type"[^}]*\\} [1-9]`));
    expect(text).toMatch(/vigil_batch_rows_bucket/);
    expect(text).toMatch(/vigil_log_backlog_records/);
  });
});

describe('serving: API keys', () => {
  it('requires a key, and refuses a key scoped to another model', async () => {
    expect((await client(base, '')(`/v1/models/${m.name}/predict`, { rows: [goodRow] })).status).toBe(401);
    expect((await client(base, 'vsk_000000000000_' + 'a'.repeat(32))(`/v1/models/${m.name}/predict`, { rows: [goodRow] })).status).toBe(401);
    const other = await servedModel(1);
    const r = await client(base, other.key)(`/v1/models/${m.name}/predict`, { rows: [goodRow] });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/may not call model/);
  });

  it('stops accepting a key soon after it is revoked', async () => {
    const k = await createServingKey(m.ctx, { name: 'short-lived', models: [m.name] });
    const c = client(base, k.key);
    expect((await c(`/v1/models/${m.name}/predict`, { rows: [goodRow] })).status).toBe(200);
    await revokeServingKey(m.ctx, { id: k.id });
    await waitFor(async () => (await c(`/v1/models/${m.name}/predict`, { rows: [goodRow] })).status, (s) => s === 401, 5000, 'revocation');
  });

  it('only an admin manages serving keys', async () => {
    for (const role of ['viewer', 'engineer', 'approver'] as const) {
      const c = callerAs(await makeUser(role));
      await expect(c.servingKeys.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.servingKeys.create({ name: 'x', allModels: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('serving: Open Inference Protocol V2', () => {
  it('serves health, metadata, readiness and infer', async () => {
    expect((await call('/v2/health/live')).status).toBe(200);
    expect((await call('/v2/health/ready')).body).toEqual({ ready: true });
    const meta = await call(`/v2/models/${m.name}`);
    expect(meta.body).toMatchObject({ name: m.name, platform: 'onnxruntime_onnx' });
    expect((meta.body.inputs as { name: string; datatype: string }[]).map((i) => `${i.name}:${i.datatype}`)).toEqual(['x1:FP64', 'x2:FP64', 'region:BYTES']);
    expect((await call(`/v2/models/${m.name}/ready`)).body).toEqual({ name: m.name, ready: true });
    expect((await call(`/v2/models/${m.name}/versions/2/ready`)).body).toEqual({ name: m.name, ready: true });
    const infer = await call(`/v2/models/${m.name}/infer`, {
      id: 'req-1',
      inputs: [
        { name: 'x1', shape: [2, 1], datatype: 'FP64', data: [1.5, -4] },
        { name: 'x2', shape: [2, 1], datatype: 'FP64', data: [2, null] },
        { name: 'region', shape: [2, 1], datatype: 'BYTES', data: ['north', 'south'] },
      ],
    });
    expect(infer.status).toBe(200);
    expect(infer.body).toMatchObject({ model_name: m.name, model_version: '1', id: 'req-1' });
    const outs = infer.body.outputs as { name: string; shape: number[]; data: unknown[] }[];
    expect(outs.map((o) => o.name)).toEqual(['probability', 'label', 'prediction_id']);
    expect(outs[0].shape).toEqual([2, 1]);
    const json = (await predict([goodRow])).body.predictions as { score: number }[];
    expect(outs[0].data[0]).toBeCloseTo(json[0].score, 12);
  });

  it('answers errors in the protocol\'s {"error": …} form', async () => {
    const r = await call(`/v2/models/${m.name}/infer`, { inputs: [{ name: 'x1', shape: [1], datatype: 'BYTES', data: ['a'] }] });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body)).toEqual(['error']);
    expect(r.body.error).toMatch(/datatype: expected FP64/);
    const missing = await call(`/v2/models/${m.name}/infer`, { inputs: [{ name: 'x1', shape: [1], datatype: 'FP64', data: [1] }] });
    expect(missing.body.error).toMatch(/field 'x2'|field 'region'/);
    // A scoped key learns nothing about models outside its scope: 403 whether or not they exist.
    expect((await call('/v2/models/no-such-model/infer', { inputs: [] })).status).toBe(403);
    const all = await createServingKey(m.ctx, { name: 'all', allModels: true });
    expect((await client(base, all.key)('/v2/models/no-such-model/infer', { inputs: [] })).status).toBe(404);
  });

  it('scores an explicit version for testing without moving any alias', async () => {
    const r = await predict([goodRow], { version: 2 });
    expect(r.body.model_version).toBe(2);
    expect(await productionVersion()).toBe(1);
  });
});

describe('serving: alias moves, routing and rollback', () => {
  it('hot-swaps production on promote and back on rollback', async () => {
    // production is protected: outside a promotion request only an admin's break-glass moves it.
    await moveAlias(m.ctx, { model: m.name, alias: 'production', version: 2, reason: 'better AUC', expectedVersion: 1, breakGlass: true });
    await waitFor(productionVersion, (v) => v === 2, 5000, 'promotion to reach serving');
    const res = await rollback(m.ctx, { model: m.name, reason: 'error rate up', fromVersion: 2 });
    expect(res.toVersion).toBe(1);
    await waitFor(productionVersion, (v) => v === 1, 5000, 'rollback to reach serving');
    const history = (await callerAs(m.admin).aliases.history({ model: m.name, alias: 'production' })).rows;
    expect(history.map((h) => [h.kind, h.fromVersion, h.toVersion, h.reason])).toEqual([
      ['rollback', 2, 1, 'error rate up'],
      ['promote', 1, 2, 'better AUC'],
      ['promote', null, 1, 'first release'],
    ]);
  });

  it('two concurrent rollbacks of the same version roll back once', async () => {
    const two = await servedModel(2);
    await moveAlias(two.ctx, { model: two.name, alias: 'production', version: 2, reason: 'break glass for the test', breakGlass: true });
    const results = await Promise.all([
      rollback(two.ctx, { model: two.name, reason: 'a', fromVersion: 2 }),
      rollback(two.ctx, { model: two.name, reason: 'b', fromVersion: 2 }),
    ]);
    expect(results.map((r) => r.toVersion)).toEqual([1, 1]);
    expect(results.filter((r) => r.repeated)).toHaveLength(1);
    const history = (await callerAs(two.admin).aliases.history({ model: two.name, alias: 'production' })).rows;
    expect(history.filter((h) => h.kind === 'rollback')).toHaveLength(1);
  });

  it('rollback needs a reason and a previous version; the wrong role is refused', async () => {
    await expect(rollback(m.ctx, { model: m.name, reason: '', fromVersion: 1 })).rejects.toThrow(/reason/);
    const fresh = await servedModel(1);
    await expect(rollback(fresh.ctx, { model: fresh.name, reason: 'x', fromVersion: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no earlier good production version/) });
    const viewer = callerAs(await makeUser('viewer'));
    await expect(viewer.aliases.rollback({ model: m.name, reason: 'x', fromVersion: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.aliases.move({ model: m.name, alias: 'production', version: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('sends the canary its share, sticky by request key', async () => {
    await moveAlias(m.ctx, { model: m.name, alias: 'canary', version: 2, share: 0.3, reason: 'canary 30% (break glass)', breakGlass: true });
    await waitFor(async () => serving.state.routes.get(m.name)?.canary?.share ?? 0, (s) => s === 0.3, 5000, 'canary');
    let canary = 0;
    const N = 600;
    for (let i = 0; i < N; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => predict([goodRow])));
      canary += batch.filter((r) => r.body.model_version === 2).length;
    }
    // Binomial(600, 0.3): sd ≈ 11; allow 4 sd.
    expect(Math.abs(canary - 0.3 * N)).toBeLessThan(45);
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) seen.add((await predict([goodRow], { request_key: 'customer-42' })).body.model_version as number);
    expect(seen.size).toBe(1);
    await moveAlias(m.ctx, { model: m.name, alias: 'canary', version: null, reason: 'end canary (break glass)', breakGlass: true });
    await waitFor(async () => serving.state.routes.get(m.name)?.canary ?? null, (c) => c === null, 5000, 'canary removal');
  });

  it('scores shadow off the response path: logged as shadow, never returned', async () => {
    await moveAlias(m.ctx, { model: m.name, alias: 'shadow', version: 2, reason: 'shadow test' });
    await waitFor(async () => serving.state.routes.get(m.name)?.shadow?.version ?? 0, (v) => v === 2, 5000, 'shadow');
    const key = `shadow-${Date.now()}`;
    const r = await predict([goodRow], { request_key: key });
    expect(r.body.model_version).toBe(1);
    await waitFor(
      async () => {
        await serving.shipper.drain();
        return (await db().execute(sql`SELECT route FROM predictions WHERE request_key = ${key} ORDER BY route`)).rows.map((x) => x.route);
      },
      (routes) => routes.length === 2,
      5000,
      'shadow log',
    );
    await moveAlias(m.ctx, { model: m.name, alias: 'shadow', version: null, reason: 'end shadow' });
  });
});

describe('serving: feedback', () => {
  it('joins labels by prediction id and reports unknown ids', async () => {
    const preds = (await predict([goodRow, goodRow])).body.predictions as { prediction_id: string }[];
    const unknown = '00000000-0000-4000-8000-000000000001';
    const r = await call('/v1/feedback', { labels: [{ prediction_id: preds[0].prediction_id, label: 1 }, { prediction_id: preds[1].prediction_id, label: 0 }, { prediction_id: unknown, label: 1 }] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: 2, unknown: [unknown], already_labelled: [] });
    const rows = await db().select().from(predictionFeedback).where(and(eq(predictionFeedback.predictionId, preds[0].prediction_id)));
    expect(rows[0].label).toBe(1);
    const bad = await call('/v1/feedback', { labels: [{ prediction_id: preds[0].prediction_id, label: 2 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/labels\[0\]\.label/);
  });
});
