// Expensive reads (issue 11, finding 5): a reader picks the grouping column of fairness.online
// and monitoring.slices, so an id column must not become 50,000 groups; and one HTTP request
// must not stack any number of tRPC procedures.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { models, modelVersions } from '@/server/db/schema';
import { describeModel } from '@/server/ml/onnx/describe';
import { MAX_GROUPS, OTHER_GROUP } from '@/server/ml/data/group-cap';
import { createToken } from '@/server/services/tokens/tokens';
import { GET as trpcGet, POST as trpcPost } from '@/app/api/trpc/[trpc]/route';
import { TRPC_MAX_BODY_BYTES } from '@/lib/trpc-batch';
import { tinyModel } from '../helpers/hostile-onnx';
import { actorOf, callerForRole, makeUser, uniq } from './helpers/factories';

const ROWS = 50_000;
let model = '';

beforeAll(async () => {
  model = uniq('reads').toLowerCase();
  const [m] = await db().insert(models).values({ name: model }).returning();
  const bytes = tinyModel();
  const [v] = await db()
    .insert(modelVersions)
    .values({ modelId: m.id, version: 1, source: 'upload', artifactSha256: 'f'.repeat(64), artifactSize: bytes.byteLength, signature: describeModel(bytes) })
    .returning();
  // 50,000 labelled predictions of the last minute: a unique customer_id each, 40 regions.
  await db().execute(sql`
    INSERT INTO predictions (id, ts, model_id, version_id, route, inputs, outputs, latency_ms, request_key, context)
    SELECT gen_random_uuid(), now() - make_interval(secs => g / 1000.0), ${m.id}, ${v.id}, 'production', '{}'::jsonb,
           jsonb_build_object('score', (g % 100) / 100.0, 'label', CASE WHEN g % 100 >= 50 THEN 1 ELSE 0 END), 1, NULL,
           jsonb_build_object('customer_id', 'c' || g, 'region', 'r' || (g % 40))
    FROM generate_series(1, ${ROWS}) g`);
  await db().execute(sql`
    INSERT INTO prediction_feedback (prediction_id, prediction_ts, model_id, version_id, label, score, route)
    SELECT id, ts, model_id, version_id, (hashtext(id::text) & 1), (outputs->>'score')::float8, route FROM predictions WHERE model_id = ${m.id}`);
});

describe('grouped reads are bounded', () => {
  it('fairness.online refuses an id-like attribute with a clear message, quickly', async () => {
    const caller = await callerForRole('viewer');
    const started = performance.now();
    await expect(caller.fairness.online({ model, attribute: 'customer_id' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/'customer_id' has 50000 distinct values in 50000 rows: it looks like an identifier/),
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('fairness.online shows the top groups and pools the rest as (other)', async () => {
    const caller = await callerForRole('viewer');
    const res = await caller.fairness.online({ model, attribute: 'region' });
    const groups = res.report!.groups.map((g) => g.group);
    expect(groups).toHaveLength(MAX_GROUPS + 1);
    expect(groups).toContain(OTHER_GROUP);
    expect(res.report!.groups.reduce((s, g) => s + g.n, 0)).toBe(ROWS);
    expect(res.groupsPooled).toBe(40 - MAX_GROUPS);
  });

  it('monitoring.slices refuses an id-like column and bounds a wide one', async () => {
    const caller = await callerForRole('viewer');
    await expect(caller.monitoring.slices({ model, version: 1, column: 'customer_id' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/'customer_id' has 20000 distinct values in 20000 rows: it looks like an identifier/),
    });
    const res = await caller.monitoring.slices({ model, version: 1, column: 'region' });
    expect(res.groups.map((g) => g.group)).toHaveLength(MAX_GROUPS + 1);
    expect(res.groups.map((g) => g.group)).toContain(OTHER_GROUP);
    expect(res.groupsPooled).toBe(40 - MAX_GROUPS);
  });
});

describe('tRPC batching is limited', () => {
  async function batch(n: number, method: 'GET' | 'POST') {
    const u = await makeUser('viewer');
    const token = (await createToken({ db: db(), actor: actorOf(u) }, { name: 't' })).token;
    const paths = Array.from({ length: n }, () => 'me.get').join(',');
    const input = JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}])));
    const url = `http://localhost/api/trpc/${paths}?batch=1${method === 'GET' ? `&input=${encodeURIComponent(input)}` : ''}`;
    const req = new Request(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: method === 'POST' ? input : undefined });
    return method === 'GET' ? trpcGet(req) : trpcPost(req);
  }

  it('answers a batch within the limit', async () => {
    const res = await batch(5, 'GET');
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(5);
  });

  it('refuses a batch over the limit with 400 before running any procedure', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await batch(200, method);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(/at most 16 procedures/);
    }
  });
});

describe('tRPC request bodies are limited', () => {
  it('refuses a viewer\'s 100 MiB body having read no more than the limit', async () => {
    const token = (await createToken({ db: db(), actor: actorOf(await makeUser('viewer')) }, { name: 't' })).token;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          if (pulled >= 100 * 1024 * 1024) return c.close();
          pulled += chunk.byteLength;
          c.enqueue(chunk);
        },
      },
      { highWaterMark: 0 },
    );
    const req = new Request('http://localhost/api/trpc/tokens.create', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    const res = await trpcPost(req);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(TRPC_MAX_BODY_BYTES + 128 * 1024);
  });

  it('refuses a declared Content-Length over the limit unread', async () => {
    const req = new Request('http://localhost/api/trpc/tokens.create', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(TRPC_MAX_BODY_BYTES + 1) },
      body: 'x'.repeat(10),
    });
    expect((await trpcPost(req)).status).toBe(413);
  });
});

describe('tRPC mutations through the route', () => {
  it('still answers a JSON mutation body within the limit (the bounded body is handed on intact)', async () => {
    const token = (await createToken({ db: db(), actor: actorOf(await makeUser('viewer')) }, { name: 't' })).token;
    const req = new Request('http://localhost/api/trpc/tokens.create', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ json: { name: 'é from the route' } }),
    });
    const res = await trpcPost(req);
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toMatch(/é from the route/);
  });

  it('refuses an oversized feature spec on runs.start with a 400 naming the field', async () => {
    const caller = await callerForRole('engineer');
    const spec = {
      version: 1,
      inputs: [{ name: 'region', type: 'categorical', nullable: false, categories: Array.from({ length: 10_001 }, (_, i) => `c${i}`) }],
      features: [{ input: 'region', transforms: [{ op: 'one_hot' }] }],
    };
    await expect(
      caller.runs.start({ experiment: uniq('e'), datasetVersionId: '00000000-0000-4000-8000-000000000000', target: 'y', trainer: 'logreg', spec }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/inputs\[0\]\.categories: at most 10000 categories/) });
  });
});
