// Feature importance compared in a promotion request (issue 18): the request's comparison reads
// each version's stored permutation importance (computed here for real on the golden set with
// onnxruntime). Neither or one computed → no rows, and which side is missing; both → one row per
// input with both figures and the change, sorted by the candidate's importance.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { chunksOf, learnableCsv } from './helpers/csv';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { trainedOnnx } from './helpers/serving';

let stopWorkers: () => Promise<void>;
beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
});
afterAll(async () => {
  await stopWorkers();
  await closeQueues();
});

describe('promotion request: feature importance, candidate vs incumbent', () => {
  it('says which side is missing, then lists every input with both figures and the change once both are computed', async () => {
    const admin = await makeUser('admin');
    const engineer = await makeUser('engineer');
    const viewer = callerAs(await makeUser('viewer'));
    const ctx = { db: db(), actor: actorOf(admin) };
    const name = uniq('promo-imp').toLowerCase();
    await uploadModelVersion(ctx, { model: name }, await trainedOnnx(1));
    await uploadModelVersion(ctx, { model: name }, await trainedOnnx(2, 'logreg', { flipLabels: true }));
    await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first' });
    const golden = await uploadDataset(ctx, { name: uniq('golden') }, chunksOf(learnableCsv(300, 77)));
    await callerAs(admin).evaluations.setGoldenSet({ model: name, datasetVersionId: golden.version.id, labelColumn: 'y' });
    const req = await callerAs(engineer).promotions.request({ model: name, version: 2, note: 'compare importance' });

    const none = await viewer.promotions.importance({ id: req.id });
    expect(none.candidate).toEqual({ version: 2, computed: null });
    expect(none.incumbent).toEqual({ version: 1, computed: null });
    expect(none.rows).toBeNull();

    const cand = await callerAs(engineer).models.computeImportance({ name, version: 2 });
    const half = await viewer.promotions.importance({ id: req.id });
    expect(half.candidate.computed).toMatchObject({ metric: 'auc', source: 'golden', datasetVersionId: golden.version.id });
    expect(half.incumbent).toEqual({ version: 1, computed: null });
    expect(half.rows).toBeNull();

    const inc = await callerAs(engineer).models.computeImportance({ name, version: 1 });
    const both = await viewer.promotions.importance({ id: req.id });
    expect(both.incumbent?.computed?.source).toBe('golden');
    const rows = both.rows!;
    expect(rows.map((r) => r.input).sort()).toEqual(cand.inputs.map((i) => i.input).sort());
    for (const r of rows) {
      const c = cand.inputs.find((i) => i.input === r.input)!.importance;
      const p = inc.inputs.find((i) => i.input === r.input)!.importance;
      expect(r).toEqual({ input: r.input, candidate: c, incumbent: p, change: c - p });
    }
    const order = rows.map((r) => r.candidate!);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    // The flipped-label candidate ranks inputs differently from the incumbent in strength: the figures are its own.
    expect(rows.some((r) => Math.abs(r.change!) > 1e-6)).toBe(true);
  });

  it('refuses a malformed id naming it, and an unknown request', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    const bad = await viewer.promotions.importance({ id: 'not-a-uuid' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TRPCError);
    expect((bad as TRPCError).code).toBe('BAD_REQUEST');
    expect((bad as TRPCError).message).toMatch(/^id/);
    await expect(viewer.promotions.importance({ id: 1 } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(viewer.promotions.importance({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
