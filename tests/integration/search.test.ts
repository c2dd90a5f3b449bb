// Trace anything: the search box resolves ids, names, "model vN" and hash prefixes; a
// prediction's trace walks version → run → dataset version + feature spec and finds the alias
// moves around its time. Real worker training, real Postgres; the prediction row is written
// the way the serving log shipper writes it.
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { predictionFeedback, runs } from '@/server/db/schema';
import { sql } from 'drizzle-orm';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
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

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A model whose v1 was trained by the worker and served in production; v2 replaced it later. */
async function tracedPrediction() {
  const admin = await makeUser('admin');
  const ctx = { db: db(), actor: actorOf(admin) };
  const caller = callerAs(admin);
  const datasetName = uniq('trace');
  const up = await uploadDataset(ctx, { name: datasetName }, chunksOf(learnableCsv(300, 5)));
  const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: up.version.id, target: 'y', trainer: 'logreg', seed: 1 });
  const trained = await waitFor(async () => (await db().select().from(runs).where(eq(runs.id, run.id)))[0], (r) => r.status === 'succeeded' || r.status === 'failed', 60_000, 'training');
  expect(trained.status, trained.error ?? '').toBe('succeeded');
  const name = uniq('trace').toLowerCase();
  const v1 = await caller.models.registerFromRun({ runId: run.id, model: name });
  await uploadModelVersion(ctx, { model: name }, await trainedOnnx(2));
  await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first release' });
  await pause(20);
  const id = crypto.randomUUID();
  const [ids] = (await db().execute(sql`SELECT m.id AS "modelId", v.id AS "versionId" FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = ${name} AND v.version = 1`)).rows as { modelId: string; versionId: string }[];
  const ts = new Date();
  await db().execute(sql`
    INSERT INTO predictions (id, ts, model_id, version_id, route, inputs, outputs, latency_ms, request_key, context)
    VALUES (${id}, ${ts.toISOString()}, ${ids.modelId}, ${ids.versionId}, 'production', ${JSON.stringify({ x1: 1.5, x2: 2, region: 'north' })}::jsonb,
            ${JSON.stringify({ score: 0.73, label: 1 })}::jsonb, 4.5, 'customer-9', ${JSON.stringify({ segment: 'retail' })}::jsonb)`);
  await db().insert(predictionFeedback).values({ predictionId: id, predictionTs: ts, modelId: ids.modelId, versionId: ids.versionId, label: 0, score: 0.73, route: 'production' });
  await pause(20);
  // production is protected: an admin's break-glass move stands in for an approved request here.
  await moveAlias(ctx, { model: name, alias: 'production', version: 2, reason: 'better recall', breakGlass: true });
  return { id, name, run, datasetName, dv: up.version, v1, ts };
}

describe('search and prediction trace', () => {
  it('resolves a prediction id and traces its chain to the dataset version and the alias moves around it', async () => {
    const t = await tracedPrediction();
    const viewer = callerAs(await makeUser('viewer'));

    const hits = await viewer.search.resolve({ q: `  ${t.id.toUpperCase()} ` });
    expect(hits).toEqual([{ kind: 'prediction', id: t.id, label: `prediction of ${t.name}`, href: `/predictions/${t.id}` }]);

    const trace = await viewer.search.prediction({ id: t.id });
    expect(trace.ts).toBe(t.ts.toISOString());
    expect(trace.route).toBe('production');
    expect(trace.inputs).toEqual({ x1: 1.5, x2: 2, region: 'north' });
    expect(trace.outputs).toEqual({ score: 0.73, label: 1 });
    expect(trace.latencyMs).toBe(4.5);
    expect(trace.requestKey).toBe('customer-9');
    expect(trace.label).toBe(0);
    expect(trace.model.name).toBe(t.name);
    expect(trace.version).toMatchObject({ version: 1, source: 'run', href: `/models/${t.name}/versions/1` });
    expect(trace.run).toMatchObject({ id: t.run.id, trainer: 'logreg', seed: 1, href: `/runs/${t.run.id}` });
    expect(trace.datasetVersion).toMatchObject({ id: t.dv.id, dataset: t.datasetName, sha256: t.dv.sha256, rows: 300 });
    const [runRow] = await db().select().from(runs).where(eq(runs.id, t.run.id));
    expect(runRow.featureSpecId).toBeTruthy();
    expect(trace.featureSpec?.id).toBe(runRow.featureSpecId);
    expect(trace.aliasBefore).toMatchObject({ alias: 'production', fromVersion: null, toVersion: 1, reason: 'first release' });
    expect(trace.aliasAfter).toMatchObject({ alias: 'production', fromVersion: 1, toVersion: 2, reason: 'better recall' });
    expect(new Date(trace.aliasBefore!.at).getTime()).toBeLessThanOrEqual(t.ts.getTime());
    expect(new Date(trace.aliasAfter!.at).getTime()).toBeGreaterThan(t.ts.getTime());

    // The other ids in the chain resolve too, and so do names, "model vN" and hash prefixes.
    expect((await viewer.search.resolve({ q: t.run.id })).map((h) => h.kind)).toEqual(['run']);
    expect((await viewer.search.resolve({ q: t.dv.id })).map((h) => h.href)).toEqual([`/datasets/versions/${t.dv.id}`]);
    expect(await viewer.search.resolve({ q: `${t.name} v2` })).toContainEqual(expect.objectContaining({ kind: 'model_version', href: `/models/${t.name}/versions/2` }));
    expect(await viewer.search.resolve({ q: `${t.name.toUpperCase()}@1` })).toContainEqual(expect.objectContaining({ kind: 'model_version', label: `${t.name} v1` }));
    expect(await viewer.search.resolve({ q: t.name.toUpperCase() })).toContainEqual({ kind: 'model', id: trace.model.id, label: t.name, href: `/models/${t.name}` });
    expect(await viewer.search.resolve({ q: t.datasetName.slice(0, 12) })).toContainEqual(expect.objectContaining({ kind: 'dataset', label: t.datasetName }));
    expect(await viewer.search.resolve({ q: t.dv.sha256.slice(0, 10) })).toContainEqual(expect.objectContaining({ kind: 'dataset_version', id: t.dv.id }));
  });

  it('treats LIKE metacharacters literally, bounds the answer and refuses hostile text with the field named', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    for (let i = 0; i < 7; i++) await uploadDataset({ db: db(), actor: actorOf(await makeUser('engineer')) }, { name: uniq('bulk') }, chunksOf(learnableCsv(20, i)));
    // "%" alone would match every name if it were not escaped.
    expect(await viewer.search.resolve({ q: '%' })).toEqual([]);
    expect(await viewer.search.resolve({ q: '_' })).toEqual([]);
    expect((await viewer.search.resolve({ q: 'bulk-' })).filter((h) => h.kind === 'dataset').length).toBe(5);
    expect(await viewer.search.resolve({ q: '   ' })).toEqual([]);
    await expect(viewer.search.resolve({ q: 'a'.repeat(201) })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('longer than 200') });
    await expect(viewer.search.resolve({ q: 'a\u0000b' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('NUL') });
    await expect(viewer.search.resolve({ q: 'x'.repeat(20_000) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const unknown = crypto.randomUUID();
    expect(await viewer.search.resolve({ q: unknown })).toEqual([]);
    await expect(viewer.search.prediction({ id: unknown })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(viewer.search.prediction({ id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('needs a signed-in user: anonymous callers are refused, every role may read', async () => {
    await expect(callerAs(null).search.resolve({ q: 'x' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerAs(null).search.prediction({ id: crypto.randomUUID() })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    for (const role of ['viewer', 'engineer', 'approver', 'admin'] as const) {
      await expect(callerAs(await makeUser(role)).search.resolve({ q: 'nothing-matches-this' })).resolves.toEqual([]);
    }
  });
});
