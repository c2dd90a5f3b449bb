// Lists that scale and feature importance (issue 18). runs.list pages, sorts and filters
// hundreds of runs on the server with a total count, and refuses unknown sort keys and huge
// pages naming the field. Permutation importance is computed for a worker-trained version on
// its training data (real onnxruntime), stored, deterministic, and refused where it cannot run.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents, datasetVersions, experiments, runs } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { chunksOf, learnableCsv } from './helpers/csv';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { refusal } from './helpers/refusal';
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

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

/** An experiment with `n` runs written straight to the table (no training): varied status, trainer, AUC and age. */
async function manyRuns(n: number) {
  const engineer = await makeUser('engineer');
  const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('tables') }, chunksOf(learnableCsv(50, 2)));
  const [exp] = await db().insert(experiments).values({ name: uniq('tables-exp') }).returning();
  const t0 = Date.now() - n * 60_000;
  await db()
    .insert(runs)
    .values(
      Array.from({ length: n }, (_, i) => ({
        experimentId: exp.id,
        name: `run-${String(i).padStart(4, '0')}${i === 7 ? '_100%' : ''}`,
        status: STATUSES[i % 5],
        datasetVersionId: up.version.id,
        target: 'y',
        trainer: i % 3 === 0 ? 'gbdt' : 'logreg',
        params: {},
        seed: i,
        // Every fourth run has no validation AUC (it failed or has not finished).
        metrics: i % 4 === 3 ? null : { validation: { metrics: { auc: 0.5 + ((i * 37) % 100) / 1000 } } },
        createdAt: new Date(t0 + i * 60_000),
      })),
    );
  return { engineer, caller: callerAs(engineer), exp };
}

describe('runs.list', () => {
  it('pages, sorts and filters hundreds of runs on the server, with the total', async () => {
    const { caller, exp } = await manyRuns(240);
    const mine = { experiment: exp.name };
    const p1 = await caller.runs.list({ ...mine, limit: 100 });
    expect(p1.total).toBe(240);
    expect(p1.rows).toHaveLength(100);
    expect(p1.rows[0].name).toBe('run-0239'); // newest first by default
    const p3 = await caller.runs.list({ ...mine, limit: 100, offset: 200 });
    expect(p3.rows).toHaveLength(40);
    expect(p3.rows.at(-1)!.name).toBe('run-0000');
    const all = [...p1.rows, ...(await caller.runs.list({ ...mine, limit: 100, offset: 100 })).rows, ...p3.rows];
    expect(new Set(all.map((r) => r.id)).size).toBe(240);

    // By metric, best first, runs without one last in either direction.
    const byAuc = await caller.runs.list({ ...mine, sort: 'validationAuc', dir: 'desc', limit: 200 });
    const aucs = byAuc.rows.map((r) => r.validationAuc);
    const present = aucs.filter((a): a is number => a !== null);
    expect(present).toEqual([...present].sort((a, b) => b - a));
    expect(aucs.slice(present.length).every((a) => a === null)).toBe(true);
    const asc = await caller.runs.list({ ...mine, sort: 'validationAuc', dir: 'asc', limit: 5 });
    expect(asc.rows[0].validationAuc).toBe(Math.min(...present));
    const byName = await caller.runs.list({ ...mine, sort: 'name', dir: 'asc', limit: 3 });
    expect(byName.rows.map((r) => r.name)).toEqual(['run-0000', 'run-0001', 'run-0002']);

    const failed = await caller.runs.list({ ...mine, status: ['failed'], limit: 200 });
    expect(failed.total).toBe(48);
    expect(failed.rows.every((r) => r.status === 'failed')).toBe(true);
    const gbdt = await caller.runs.list({ ...mine, trainer: 'gbdt', status: ['succeeded', 'failed'] });
    expect(gbdt.total).toBe(Array.from({ length: 240 }, (_, i) => i).filter((i) => i % 3 === 0 && (i % 5 === 2 || i % 5 === 3)).length);
    // Name text matches literally: % and _ are not wildcards.
    expect((await caller.runs.list({ ...mine, q: '_100%' })).rows.map((r) => r.name)).toEqual(['run-0007_100%']);
    expect((await caller.runs.list({ ...mine, q: 'RUN-012' })).total).toBe(10);
    expect((await caller.runs.list({ experiment: `${exp.name}-nothing` })).total).toBe(0);
    // The experiment's own page lists only its newest runs, and says how many there are.
    const page = await caller.experiments.get({ id: exp.id });
    expect(page.runs).toHaveLength(200);
    expect(page.runCount).toBe(240);
    expect(page.runs[0].name).toBe('run-0239');
  });

  it('refuses an unknown sort key, a huge page and malformed filters, naming the field', async () => {
    const caller = callerAs(await makeUser('viewer'));
    const bad = (input: unknown) => refusal(caller.runs.list(input as never));
    let e = await bad({ sort: 'password' });
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/^sort: /);
    e = await bad({ limit: 1_000_000 });
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/^limit: .*200/);
    expect((await bad({ limit: 0 })).message).toMatch(/^limit/);
    expect((await bad({ offset: -1 })).message).toMatch(/^offset/);
    expect((await bad({ offset: 1e9 })).message).toMatch(/^offset/);
    expect((await bad({ dir: 'sideways' })).message).toMatch(/^dir/);
    expect((await bad({ status: ['exploded'] })).message).toMatch(/^status\.0/);
    expect((await bad({ limit: '50' })).message).toMatch(/^limit/);
    expect((await bad({ q: 'x'.repeat(201) })).message).toMatch(/^q/);
    expect((await bad({ experiment: 'a\u0000b' })).message).toMatch(/^experiment: .*NUL/);
    expect((await bad({ orderBy: 'id; drop table runs' })).message).toMatch(/orderBy/);
    expect((await refusal(callerAs(null).runs.list({}))).code).toBe('UNAUTHORIZED');
  });
});

describe('models.page, experiments.page and datasets.page', () => {
  it('page and sort models and experiments on the server, filtered by name, with the total', async () => {
    const engineer = await makeUser('engineer');
    const caller = callerAs(engineer);
    const prefix = uniq('pg').toLowerCase();
    for (const [k, versions] of [1, 3, 2].entries()) {
      for (let v = 0; v < versions; v++) await uploadModelVersion({ db: db(), actor: actorOf(engineer) }, { model: `${prefix}-m${k}` }, await trainedOnnx(v + 1));
    }
    const all = await caller.models.page({ q: prefix });
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.name)).toEqual([`${prefix}-m2`, `${prefix}-m1`, `${prefix}-m0`]); // newest first
    const byVersions = await caller.models.page({ q: prefix, sort: 'versions', dir: 'desc', limit: 2 });
    expect(byVersions.rows.map((r) => [r.name, r.versions, r.latestVersion])).toEqual([[`${prefix}-m1`, 3, 3], [`${prefix}-m2`, 2, 2]]);
    expect((await caller.models.page({ q: prefix, sort: 'versions', dir: 'desc', limit: 2, offset: 2 })).rows.map((r) => r.name)).toEqual([`${prefix}-m0`]);

    const [e1, e2] = await db().insert(experiments).values([{ name: `${prefix}-b` }, { name: `${prefix}-a` }]).returning();
    const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('pg') }, chunksOf(learnableCsv(30, 2)));
    await db().insert(runs).values([0, 1, 2].map((i) => ({ experimentId: e1.id, name: `r${i}`, datasetVersionId: up.version.id, target: 'y', trainer: 'logreg', params: {}, seed: i })));
    const exps = await caller.experiments.page({ q: prefix, sort: 'name', dir: 'asc' });
    expect(exps.total).toBe(2);
    expect(exps.rows.map((r) => [r.name, r.runs])).toEqual([[`${prefix}-a`, 0], [`${prefix}-b`, 3]]);
    expect((await caller.experiments.page({ q: prefix, sort: 'runs', dir: 'asc' })).rows[0].id).toBe(e2.id);
    expect((await caller.experiments.page({ q: prefix, sort: 'lastRunAt', dir: 'asc' })).rows.map((r) => r.id)).toEqual([e1.id, e2.id]); // no run: last

    const ds = await caller.datasets.page({ q: up.dataset.name, limit: 1 });
    expect(ds.total).toBe(1);
    expect(ds.rows[0]).toMatchObject({ name: up.dataset.name, versions: 1 });
    expect((await caller.datasets.page({ sort: 'latestAt', limit: 200 })).rows[0].name).toBe(up.dataset.name); // latest upload first
  });

  it('refuse unknown sort keys and huge pages, naming the field', async () => {
    const caller = callerAs(await makeUser('viewer'));
    for (const call of [(i: unknown) => caller.models.page(i as never), (i: unknown) => caller.experiments.page(i as never), (i: unknown) => caller.datasets.page(i as never)]) {
      expect((await refusal(call({ sort: 'passwordHash' }))).message).toMatch(/^sort: /);
      expect((await refusal(call({ limit: 1_000_000 }))).message).toMatch(/^limit: /);
      expect((await refusal(call({ q: 'a\u0000' }))).message).toMatch(/^q: /);
    }
  });
});

describe('feature importance', () => {
  it('computes permutation importance for a trained version on its training data, deterministically, and stores it', async () => {
    const engineer = await makeUser('engineer');
    const caller = callerAs(engineer);
    const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('imp') }, chunksOf(learnableCsv(600, 4)));
    await waitFor(async () => (await db().select().from(datasetVersions).where(eq(datasetVersions.id, up.version.id)))[0], (v) => v.profileStatus === 'ready', 30_000, 'profile');
    const run = await caller.runs.start({ experiment: uniq('imp'), datasetVersionId: up.version.id, target: 'y', trainer: 'logreg', seed: 1 });
    const trained = await waitFor(async () => (await db().select().from(runs).where(eq(runs.id, run.id)))[0], (r) => r.status === 'succeeded' || r.status === 'failed', 90_000, 'training');
    expect(trained.status, trained.error ?? '').toBe('succeeded');
    const name = uniq('imp').toLowerCase();
    await caller.models.registerFromRun({ runId: run.id, model: name });

    expect(await caller.models.importance({ name, version: 1 })).toBeNull();
    const first = await caller.models.computeImportance({ name, version: 1 });
    expect(first.source).toBe('training');
    expect(first.metric).toBe('auc');
    expect(first.labelColumn).toBe('y');
    expect(first.rows).toBeGreaterThan(500);
    expect(first.baseline).toBeGreaterThan(0.8);
    expect(first.inputs.map((i) => i.input).sort()).toEqual(['region', 'x1', 'x2']);
    // y is driven mostly by x1 (weight 0.9 on a range of 10, against 0.6 on a range of 4).
    expect(first.inputs[0].input).toBe('x1');
    expect(first.inputs[0].importance).toBeGreaterThan(0.1);

    const again = await caller.models.computeImportance({ name, version: 1 });
    expect(again.inputs).toEqual(first.inputs);
    expect(again.baseline).toBe(first.baseline);
    const stored = await callerAs(await makeUser('viewer')).models.importance({ name, version: 1 });
    expect(stored?.inputs).toEqual(first.inputs);
    const audits = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'model.importance'), eq(auditEvents.targetId, first.versionId)));
    expect(audits).toHaveLength(2);
  });

  it('refuses a version with neither golden set nor run, an unknown version, a viewer and malformed input', async () => {
    const engineer = await makeUser('engineer');
    const name = uniq('imp-up').toLowerCase();
    await uploadModelVersion({ db: db(), actor: actorOf(engineer) }, { model: name }, await trainedOnnx(3));
    const caller = callerAs(engineer);
    let e = await refusal(caller.models.computeImportance({ name, version: 1 }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/no golden set/);
    e = await refusal(caller.models.computeImportance({ name, version: 9 }));
    expect(e.code).toBe('NOT_FOUND');
    e = await refusal(callerAs(await makeUser('viewer')).models.computeImportance({ name, version: 1 }));
    expect(e.code).toBe('FORBIDDEN');
    expect((await refusal(caller.models.computeImportance({ name, version: -1 }))).message).toMatch(/^version/);
    expect((await refusal(caller.models.computeImportance({ name, version: '1' } as never))).message).toMatch(/^version/);
    expect((await refusal(caller.models.computeImportance({ name: 'x'.repeat(500), version: 1 }))).message).toMatch(/^name/);
    expect((await refusal(caller.models.importance({ name, version: 1, extra: 1 } as never))).code).toBe('BAD_REQUEST');
  });
});
