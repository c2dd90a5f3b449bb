// The shadow evidence, from real serving: are shadow and production records paired right? The
// report "PASS — 1021 paired requests: 99.9 % same decisions, score correlation 0.003" asked
// whether the pairing was wrong or the item passed on nonsense. Here every pair is checked
// against the two versions' scores of the same row (scored explicitly), and the comparison's
// figures against an independent computation: the pairing is exact, so such a figure means the
// candidate's scores really are unrelated to production's — and the item now fails on the
// policy's correlation threshold instead of passing on having enough pairs.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { shadowComparison } from '@/server/services/promotions/shadow-comparison';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { client, trainedOnnx } from './helpers/serving';
import { waitFor } from './helpers/wait';

let serving: RunningServing;
beforeAll(async () => {
  serving = await startServing({ port: 0, log: () => {} });
});
afterAll(async () => {
  await serving.close();
});

function pearson(x: number[], y: number[]): number {
  // Textbook definition, written independently of the code under test.
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  const cov = x.reduce((a, xi, i) => a + (xi - mx) * (y[i] - my), 0);
  const vx = x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
  const vy = y.reduce((a, yi) => a + (yi - my) ** 2, 0);
  return cov / Math.sqrt(vx * vy);
}

describe('shadow comparison pairing', () => {
  it('pairs each shadow record with the production prediction of the same row, in single and multi-row requests', async () => {
    const admin = await makeUser('admin');
    const ctx = { db: db(), actor: actorOf(admin) };
    const name = uniq('shadow').toLowerCase();
    await uploadModelVersion(ctx, { model: name }, await trainedOnnx(1, 'logreg'));
    await uploadModelVersion(ctx, { model: name }, await trainedOnnx(2, 'gbdt'));
    await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first' });
    const since = new Date(Date.now() - 1000);
    await callerAs(admin).aliases.move({ model: name, alias: 'shadow', version: 2, reason: 'compare' });
    await waitFor(async () => serving.state.routes.get(name)?.shadow?.version ?? 0, (v) => v === 2, 5000, 'shadow');
    const key = await createServingKey(ctx, { name: 'k', models: [name] });
    const call = client(`http://127.0.0.1:${serving.port}`, key.key);
    const rows = Array.from({ length: 120 }, (_, i) => ({ x1: ((i * 37) % 100) / 10 - 5, x2: ((i * 13) % 40) / 10, region: ['north', 'south', 'east'][i % 3] }));
    // 60 single-row requests at once (micro-batched together) and one request with the other 60 rows.
    await Promise.all(rows.slice(0, 60).map((r, i) => call(`/v1/models/${name}/predict`, { rows: [r], request_key: `s${i}` })));
    await call(`/v1/models/${name}/predict`, { rows: rows.slice(60) });
    // Reference scores: each version scores every row explicitly (logged as route 'explicit', not paired).
    const explicit = async (version: number) => ((await call(`/v1/models/${name}/predict`, { rows, version })).body.predictions as { score: number }[]).map((p) => p.score);
    const [ref1, ref2] = [await explicit(1), await explicit(2)];
    const byRow = new Map(rows.map((r, i) => [JSON.stringify(r), { p: ref1[i], s: ref2[i] }]));
    await waitFor(
      async () => {
        await serving.shipper.drain();
        return Number((await db().execute(sql`SELECT count(*) AS n FROM predictions WHERE model_id = ${serving.state.routes.get(name)!.modelId} AND route = 'shadow'`)).rows[0].n);
      },
      (n) => n === 120,
      10_000,
      'shadow records',
    );
    const pairs = (
      await db().execute(sql`
        SELECT s.inputs AS s_in, p.inputs AS p_in, (s.outputs->>'score')::float8 AS s_score, (p.outputs->>'score')::float8 AS p_score, p.route AS p_route
        FROM predictions s JOIN predictions p ON p.id = (s.context->>'shadow_of')::uuid
        WHERE s.model_id = ${serving.state.routes.get(name)!.modelId} AND s.route = 'shadow'`)
    ).rows as { s_in: Record<string, unknown>; p_in: Record<string, unknown>; s_score: number; p_score: number; p_route: string }[];
    expect(pairs).toHaveLength(120);
    for (const pr of pairs) {
      expect(pr.s_in).toEqual(pr.p_in);
      expect(pr.p_route).toBe('production');
      const ref = byRow.get(JSON.stringify({ x1: pr.p_in.x1, x2: pr.p_in.x2, region: pr.p_in.region }))!;
      expect(pr.p_score).toBeCloseTo(ref.p, 12);
      expect(pr.s_score).toBeCloseTo(ref.s, 12);
    }
    const cmp = await shadowComparison(db(), serving.state.routes.get(name)!.modelId, (await callerAs(admin).aliases.list({ model: name })).find((a) => a.alias === 'shadow')!.versionId!, since);
    expect(cmp.n).toBe(120);
    expect(cmp.correlation).toBeCloseTo(pearson(ref2, ref1), 9);
    expect(cmp.agreement).toBeCloseTo(ref1.filter((p, i) => p >= 0.5 === ref2[i] >= 0.5).length / 120, 12);
    // Two sound models of the same data: strongly correlated when paired right.
    expect(cmp.correlation!).toBeGreaterThan(0.7);
    // The model page shows the same comparison, with the policy's verdict per figure (the two
    // models are calibrated differently — boosted trees with 10 shallow trees score near the middle —
    // so the distribution figure is what it is; the verdict must follow the figures).
    const live = await callerAs(admin).promotions.shadow({ model: name });
    expect(live).toMatchObject({ version: 2, comparison: { n: 120, correlation: cmp.correlation, agreement: cmp.agreement, distance: cmp.distance } });
    const gate = (g: string) => live!.verdict.gates.find((x) => x.gate === g)!.status;
    expect(gate('shadow correlation')).toBe('pass');
    expect(gate('shadow distribution')).toBe(cmp.distance! <= 0.2 ? 'pass' : 'fail');
    expect(live!.verdict.status).toBe(cmp.distance! <= 0.2 && cmp.agreement! >= 0.9 ? 'pass' : 'fail');
  });
});
