// The generated model card end to end: a version trained by the worker, evaluated on a golden
// set with a sensitive attribute, downloaded as Markdown through the REST route with an API
// token; the route's refusals (no credentials, bad version, unknown model).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/models/[name]/versions/[version]/card/route';
import { db } from '@/server/db/client';
import { evaluations, modelVersions, runs } from '@/server/db/schema';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { createToken } from '@/server/services/tokens/tokens';
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

const download = (name: string, version: string, token?: string) =>
  GET(new Request(`http://localhost/api/models/${name}/versions/${version}/card`, { headers: token ? { authorization: `Bearer ${token}` } : {} }), { params: Promise.resolve({ name, version }) });

describe('model card', () => {
  it('is generated from lineage, metrics, the evaluation and fairness, around the team text, and downloads as Markdown for a viewer', async () => {
    const admin = await makeUser('admin');
    const ctx = { db: db(), actor: actorOf(admin) };
    const caller = callerAs(admin);
    const datasetName = uniq('card');
    const up = await uploadDataset(ctx, { name: datasetName }, chunksOf(learnableCsv(400, 11)));
    const run = await caller.runs.start({ experiment: uniq('exp'), datasetVersionId: up.version.id, target: 'y', trainer: 'logreg', seed: 3 });
    const trained = await waitFor(async () => (await db().select().from(runs).where(eq(runs.id, run.id)))[0], (r) => r.status === 'succeeded' || r.status === 'failed', 60_000, 'training');
    expect(trained.status, trained.error ?? '').toBe('succeeded');
    const name = uniq('card').toLowerCase();
    const v = await caller.models.registerFromRun({ runId: run.id, model: name });
    await caller.models.updateVersion({ versionId: v.version.id, card: 'Reviewed in the model risk meeting.', cardFields: { intendedUse: 'Intended for the demo loan book.\n\n- ranking only', outOfScope: 'Final decisions', limitations: '' } });
    await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first' });
    const golden = await uploadDataset(ctx, { name: uniq('golden') }, chunksOf(learnableCsv(300, 12)));
    await caller.evaluations.setGoldenSet({ model: name, datasetVersionId: golden.version.id, labelColumn: 'y' });
    await caller.evaluations.setPolicy({ model: name, sensitiveAttributes: ['region'] });
    const started = await caller.evaluations.start({ model: name, version: 1 });
    const ev = await waitFor(async () => (await db().select().from(evaluations).where(eq(evaluations.id, started.id)))[0], (e) => e.status === 'succeeded' || e.status === 'failed', 60_000, 'evaluation');
    expect(ev.status, ev.error ?? '').toBe('succeeded');

    const viewer = await makeUser('viewer');
    const token = await createToken({ db: db(), actor: actorOf(viewer) }, { name: 'card' });
    const res = await download(name, '1', token.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}-v1-model-card.md"`);
    const md = await res.text();
    expect(md.startsWith(`# Model card: ${name} v1\n`)).toBe(true);
    expect(md).toContain('## Intended use and limitations\n\n### Intended use\n\nIntended for the demo loan book.\n\n- ranking only\n\n### Out-of-scope uses\n\nFinal decisions\n\n### Notes\n\nReviewed in the model risk meeting.\n');
    expect(md).not.toContain('### Limitations');
    expect(md).toContain('| Serving now | production |');
    expect(md).toContain(`| Dataset version | ${datasetName}@${up.version.sha256} |`);
    expect(md).toContain('| Training rows | 400 |');
    expect(md).toContain(`| Run | ${trained.name} (${run.id}) |`);
    expect(md).toContain('| Seed | 3 |');
    // The inputs a caller sends, from the version's fitted feature spec.
    expect(md).toContain('| Input | Type | Nullable |');
    expect(md).toMatch(/\n\| x1 \| numeric \| (yes|no) \|/);
    expect(md).toMatch(/\n\| region \| categorical \| (yes|no) \|/);
    expect(md).not.toContain('The model takes one numeric matrix');
    const result = ev.result as { rows: number; candidate: { metrics: { auc: number }; fairness: Record<string, { groups: { group: string }[] }> } };
    expect(md).toContain(`, ${result.rows} rows. Verdict: **${ev.verdict}**.`);
    expect(md).toContain(`| ROC AUC | ${Number(result.candidate.metrics.auc.toPrecision(4))} |`);
    expect(md).toContain('### region');
    for (const g of result.candidate.fairness.region.groups) expect(md).toMatch(new RegExp(`\\n\\| ${g.group} \\| \\d+ \\|`));
  });

  it('refuses intended-use fields that are oversized, hold NUL or are unknown, naming the field, and changes nothing', async () => {
    const engineer = await makeUser('engineer');
    const ctx = { db: db(), actor: actorOf(engineer) };
    const caller = callerAs(engineer);
    const name = uniq('cardf').toLowerCase();
    const { version } = await uploadModelVersion(ctx, { model: name }, await trainedOnnx(1));
    await caller.models.updateVersion({ versionId: version.id, cardFields: { intendedUse: 'first' } });
    await expect(caller.models.updateVersion({ versionId: version.id, cardFields: { limitations: 'x'.repeat(5001) } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('cardFields.limitations: is longer than 5000') });
    await expect(caller.models.updateVersion({ versionId: version.id, cardFields: { intendedUse: 'a\u0000b' } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('cardFields.intendedUse: contains a NUL') });
    await expect(caller.models.updateVersion({ versionId: version.id, cardFields: { intendedUse: 'ok', secret: 'x' } as never })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('secret') });
    await expect(callerAs(await makeUser('viewer')).models.updateVersion({ versionId: version.id, cardFields: { intendedUse: 'viewer' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [row] = await db().select().from(modelVersions).where(eq(modelVersions.id, version.id));
    expect(row.cardFields).toEqual({ intendedUse: 'first' });
  });

  it('refuses callers without valid credentials, a malformed version and an unknown model', async () => {
    const viewer = await makeUser('viewer');
    const token = await createToken({ db: db(), actor: actorOf(viewer) }, { name: 'card' });
    expect((await download('anything', '1', 'vgl_not-a-real-token')).status).toBe(401);
    for (const bad of ['0', '-1', '1.5', 'abc', '9999999999']) {
      const res = await download('anything', bad, token.token);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe('version');
    }
    expect((await download(uniq('nope'), '1', token.token)).status).toBe(404);
  });
});
