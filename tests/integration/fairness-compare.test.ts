// Fairness "compare with v1" finds v1's report in the promotion evaluation that scored it as the
// incumbent on the same golden set (issue 9, D10: it said there was no evaluation of v1).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { evaluations } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { chunksOf, learnableCsv } from './helpers/csv';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
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

describe('offline fairness of a version', () => {
  it('comes from the evaluation that scored it as the incumbent, on the same golden set', async () => {
    const admin = await makeUser('admin');
    const ctx = { db: db(), actor: actorOf(admin) };
    const caller = callerAs(admin);
    const name = uniq('fair').toLowerCase();
    await uploadModelVersion(ctx, { model: name }, await trainedOnnx(1));
    await uploadModelVersion(ctx, { model: name }, await trainedOnnx(2));
    await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first' });
    const golden = await uploadDataset(ctx, { name: uniq('golden') }, chunksOf(learnableCsv(300, 5)));
    await caller.evaluations.setGoldenSet({ model: name, datasetVersionId: golden.version.id, labelColumn: 'y' });
    await caller.evaluations.setPolicy({ model: name, sensitiveAttributes: ['region'] });

    // Only v2 is evaluated (as the candidate, v1 production as the incumbent).
    const started = await caller.evaluations.start({ model: name, version: 2 });
    const ev = await waitFor(async () => (await db().select().from(evaluations).where(eq(evaluations.id, started.id)))[0], (e) => e.status === 'succeeded' || e.status === 'failed', 60_000, 'evaluation');
    expect(ev.status, ev.error ?? '').toBe('succeeded');
    const result = ev.result as { incumbent: { fairness: Record<string, unknown> }; candidate: { fairness: Record<string, unknown> } };

    const v1 = await caller.fairness.offline({ model: name, version: 1 });
    expect(v1).toMatchObject({ evaluationId: ev.id, role: 'incumbent', goldenDatasetVersionId: golden.version.id });
    expect(v1!.fairness).toEqual(result.incumbent.fairness);
    expect(Object.keys(v1!.fairness)).toEqual(['region']);
    const v2 = await caller.fairness.offline({ model: name, version: 2, goldenDatasetVersionId: golden.version.id });
    expect(v2).toMatchObject({ evaluationId: ev.id, role: 'candidate' });
    expect(v2!.fairness).toEqual(result.candidate.fairness);
    // Another golden set has no evaluation of v1.
    const other = await uploadDataset(ctx, { name: uniq('other') }, chunksOf(learnableCsv(50, 6)));
    expect(await caller.fairness.offline({ model: name, version: 1, goldenDatasetVersionId: other.version.id })).toBeNull();
  });
});
