// Every list the console reads is bounded (issue 18): jobs.list pages, sorts and filters on the
// server with a total; the pickers' models/datasets/experiments.pick return at most `limit`
// names, searchable, and say when there are more; predictions.page pages the prediction log
// within a window with a capped count; promotions.page pages the requests. Hostile input is
// refused naming the field.
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { datasets, experiments, jobs, models, promotionRequests } from '@/server/db/schema';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { COUNT_CAP } from '@/server/services/predictions/list-predictions';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { refusal } from './helpers/refusal';
import { logFeedback, logPredictions, modelAndVersion } from './helpers/predictions';
import { trainedOnnx } from './helpers/serving';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

describe('jobs.list', () => {
  it('pages, sorts and filters on the server with a total count', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    const tag = uniq('jobpage');
    const t0 = Date.now() - 3_600_000;
    await db()
      .insert(jobs)
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          queue: i % 2 ? 'profile' : 'train',
          title: `${tag} ${String(i).padStart(2, '0')}${i === 5 ? ' 100%_x' : ''}`,
          status: STATUSES[i % 5],
          payload: { big: 'x'.repeat(1000) },
          attempts: i % 3,
          createdAt: new Date(t0 + i * 1000),
        })),
      );
    const all = await viewer.jobs.list({ q: tag, limit: 25 });
    expect(all.total).toBe(60);
    expect(all.rows).toHaveLength(25);
    // Newest first by default; the payload stays out of the page.
    expect(all.rows[0].title).toBe(`${tag} 59`);
    expect(Object.keys(all.rows[0])).not.toContain('payload');
    const page3 = await viewer.jobs.list({ q: tag, limit: 25, offset: 50 });
    expect(page3.rows.map((r) => r.title)).toEqual(Array.from({ length: 10 }, (_, i) => `${tag} ${String(9 - i).padStart(2, '0')}${9 - i === 5 ? ' 100%_x' : ''}`));
    const byTitle = await viewer.jobs.list({ q: tag, sort: 'title', dir: 'asc', limit: 3 });
    expect(byTitle.rows.map((r) => r.title)).toEqual([`${tag} 00`, `${tag} 01`, `${tag} 02`]);
    const failed = await viewer.jobs.list({ q: tag, status: ['failed'], queue: 'train', limit: 200 });
    expect(failed.total).toBe(6);
    expect(failed.rows.every((r) => r.status === 'failed' && r.queue === 'train')).toBe(true);
    const attempts = await viewer.jobs.list({ q: tag, sort: 'attempts', dir: 'desc', limit: 200 });
    expect(attempts.rows.map((r) => r.attempts)).toEqual([...attempts.rows.map((r) => r.attempts)].sort((a, b) => b - a));
    // LIKE metacharacters match themselves.
    expect((await viewer.jobs.list({ q: '100%_x' })).rows.map((r) => r.title)).toEqual([`${tag} 05 100%_x`]);
    expect((await viewer.jobs.list({ q: `${tag} 1%` })).total).toBe(0);
  });

  it('refuses hostile input naming the field', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    expect((await refusal(viewer.jobs.list({ limit: 201 }))).message).toMatch(/limit/);
    expect((await refusal(viewer.jobs.list({ offset: -1 }))).message).toMatch(/offset/);
    expect((await refusal(viewer.jobs.list({ sort: 'payload' as never }))).message).toMatch(/sort/);
    expect((await refusal(viewer.jobs.list({ q: 'x'.repeat(201) }))).message).toMatch(/q/);
    expect((await refusal(viewer.jobs.list({ q: 'a\u0000b' }))).message).toMatch(/q/);
    expect((await refusal(viewer.jobs.list({ status: ['exploded' as never] }))).message).toMatch(/status/);
    expect((await refusal(viewer.jobs.list({ payload: {} } as never))).message).toMatch(/payload/);
  });
});

describe('pickers', () => {
  it('return a bounded page of names, newest first, searchable, saying when there are more', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    const tag = uniq('pick').toLowerCase();
    // Dated a day ahead: other test files create models at the same time, and the unfiltered
    // picker's page must be this test's newest five whatever they add meanwhile (no other test
    // reads the unfiltered newest models).
    const t0 = Date.now() + 86_400_000;
    await db()
      .insert(models)
      .values(Array.from({ length: 30 }, (_, i) => ({ name: `${tag}-m${String(i).padStart(2, '0')}`, createdAt: new Date(t0 + i * 1000) })));
    await db().insert(models).values({ name: `z-${tag}-inside`, createdAt: new Date(t0 - 1000) });
    await db().insert(datasets).values({ name: `${tag}-ds` });
    await db().insert(experiments).values({ name: `${tag}-exp` });

    const newest = await viewer.models.pick({ limit: 5 });
    expect(newest.rows.map((r) => r.name)).toEqual([29, 28, 27, 26, 25].map((i) => `${tag}-m${i}`));
    expect(newest.more).toBe(true);
    // A search: names starting with the text first, then those containing it; at most `limit`.
    const searched = await viewer.models.pick({ q: tag.toUpperCase(), limit: 50 });
    expect(searched.rows).toHaveLength(31);
    expect(searched.rows[0].name).toBe(`${tag}-m00`);
    expect(searched.rows.at(-1)!.name).toBe(`z-${tag}-inside`);
    expect(searched.more).toBe(false);
    const narrow = await viewer.models.pick({ q: `${tag}-m1`, limit: 20 });
    expect(narrow.rows.map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `${tag}-m1${i}`));
    expect((await viewer.datasets.pick({ q: tag })).rows.map((r) => r.name)).toEqual([`${tag}-ds`]);
    expect((await viewer.experiments.pick({ q: tag })).rows.map((r) => r.name)).toEqual([`${tag}-exp`]);
    expect((await viewer.models.pick({ q: '%' })).rows.every((r) => r.name.includes('%'))).toBe(true);
  });

  it('refuses hostile input naming the field', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    expect((await refusal(viewer.models.pick({ limit: 51 }))).message).toMatch(/limit/);
    expect((await refusal(viewer.datasets.pick({ q: 'x'.repeat(201) }))).message).toMatch(/q/);
    expect((await refusal(viewer.experiments.pick({ q: '\u0000' }))).message).toMatch(/q/);
    expect((await refusal(viewer.models.pick({ offset: 5 } as never))).message).toMatch(/offset/);
  });
});

describe('predictions.page', () => {
  it('pages a model’s logged predictions newest first within a window, filtered by version and route', async () => {
    const engineer = await makeUser('engineer');
    const name = uniq('predpage').toLowerCase();
    await uploadModelVersion({ db: db(), actor: actorOf(engineer) }, { model: name }, await trainedOnnx(1));
    await uploadModelVersion({ db: db(), actor: actorOf(engineer) }, { model: name }, await trainedOnnx(2));
    const v1 = await modelAndVersion(name, 1);
    const v2 = await modelAndVersion(name, 2);
    const older = await logPredictions(v1.modelId, v1.versionId, 30, { row: (i) => ({ inputs: { x1: i, x2: 1, region: 'north' }, outputs: { score: 0.1, label: 0 } }) });
    await logPredictions(v2.modelId, v2.versionId, 20, { route: 'canary' });
    await logFeedback(older.slice(0, 3), () => 1);
    const viewer = callerAs(await makeUser('viewer'));

    const first = await viewer.predictions.page({ model: name, limit: 20 });
    expect(first.total).toBe(50);
    expect(first.totalCapped).toBe(false);
    expect(first.rows).toHaveLength(20);
    const ts = first.rows.map((r) => Date.parse(r.ts));
    expect(ts).toEqual([...ts].sort((a, b) => b - a));
    const last = await viewer.predictions.page({ model: name, limit: 20, offset: 40 });
    expect(last.rows).toHaveLength(10);
    const all = [...first.rows, ...(await viewer.predictions.page({ model: name, limit: 20, offset: 20 })).rows, ...last.rows];
    expect(new Set(all.map((r) => r.id)).size).toBe(50);
    const asc = await viewer.predictions.page({ model: name, limit: 200, dir: 'asc' });
    expect(asc.rows.map((r) => r.id)).toEqual([...all].reverse().map((r) => r.id));

    const canary = await viewer.predictions.page({ model: name, route: 'canary' });
    expect(canary.total).toBe(20);
    expect(canary.rows.every((r) => r.route === 'canary' && r.version === 2)).toBe(true);
    const onlyV1 = await viewer.predictions.page({ model: name, version: 1, limit: 200 });
    expect(onlyV1.total).toBe(30);
    expect(onlyV1.rows.filter((r) => r.label === 1)).toHaveLength(3);
    expect((await viewer.predictions.page({ model: name, hours: 1 })).total).toBe(50);
  });

  it('stops counting at the cap and says so', async () => {
    const engineer = await makeUser('engineer');
    const name = uniq('predcap').toLowerCase();
    await uploadModelVersion({ db: db(), actor: actorOf(engineer) }, { model: name }, await trainedOnnx(1));
    const v = await modelAndVersion(name, 1);
    await logPredictions(v.modelId, v.versionId, COUNT_CAP + 5);
    const page = await callerAs(await makeUser('viewer')).predictions.page({ model: name, limit: 10 });
    expect(page.total).toBe(COUNT_CAP);
    expect(page.totalCapped).toBe(true);
    expect(page.rows).toHaveLength(10);
  });

  it('refuses hostile input naming the field, and unknown models or versions as not found', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    const engineer = await makeUser('engineer');
    const name = uniq('predbad').toLowerCase();
    await uploadModelVersion({ db: db(), actor: actorOf(engineer) }, { model: name }, await trainedOnnx(1));
    expect((await refusal(viewer.predictions.page({ model: name, limit: 201 }))).message).toMatch(/limit/);
    expect((await refusal(viewer.predictions.page({ model: name, hours: 169 }))).message).toMatch(/hours/);
    expect((await refusal(viewer.predictions.page({ model: name, hours: 0 }))).message).toMatch(/hours/);
    expect((await refusal(viewer.predictions.page({ model: name, version: 0 }))).message).toMatch(/version/);
    expect((await refusal(viewer.predictions.page({ model: name, sort: 'latencyMs' as never }))).message).toMatch(/sort/);
    expect((await refusal(viewer.predictions.page({ model: name, route: 'a\u0000' }))).message).toMatch(/route/);
    expect((await refusal(viewer.predictions.page({ model: 'x'.repeat(201) }))).message).toMatch(/model/);
    expect((await refusal(viewer.predictions.page({ model: `${name}-nope` }))).code).toBe('NOT_FOUND');
    expect((await refusal(viewer.predictions.page({ model: name, version: 9 }))).code).toBe('NOT_FOUND');
  });
});

describe('promotions.page', () => {
  it('pages, sorts and filters promotion requests on the server with a total', async () => {
    const engineer = await makeUser('engineer');
    const tag = uniq('promopage').toLowerCase();
    const statuses = ['pending', 'rejected', 'completed'] as const;
    for (let k = 0; k < 3; k++) {
      const name = `${tag}-${k}`;
      await uploadModelVersion({ db: db(), actor: actorOf(engineer) }, { model: name }, await trainedOnnx(k + 1));
      const { modelId, versionId } = await modelAndVersion(name, 1);
      await db()
        .insert(promotionRequests)
        .values(Array.from({ length: 5 }, (_, i) => ({ modelId, candidateVersionId: versionId, target: 'production' as const, note: `n${i}`, status: i === 0 ? statuses[k] : ('cancelled' as const), plan: [], requestedBy: engineer.id, createdAt: new Date(Date.now() - (k * 5 + i) * 60_000) })));
    }
    const viewer = callerAs(await makeUser('viewer'));
    const all = await viewer.promotions.page({ q: tag, limit: 4 });
    expect(all.total).toBe(15);
    expect(all.rows).toHaveLength(4);
    expect(all.rows[0]).toMatchObject({ model: `${tag}-0`, candidate: 1, note: 'n0', status: 'pending', requestedByEmail: engineer.email });
    expect((await viewer.promotions.page({ q: tag, limit: 4, offset: 12 })).rows).toHaveLength(3);
    const byModel = await viewer.promotions.page({ q: tag, sort: 'model', dir: 'desc', limit: 1 });
    expect(byModel.rows[0].model).toBe(`${tag}-2`);
    const rejected = await viewer.promotions.page({ q: tag, status: 'rejected' });
    expect(rejected.rows.map((r) => r.model)).toEqual([`${tag}-1`]);
    expect((await viewer.promotions.page({ q: `${tag}-2`, status: 'cancelled' })).total).toBe(4);
  });

  it('refuses hostile input naming the field', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    expect((await refusal(viewer.promotions.page({ status: 'exploded' as never }))).message).toMatch(/status/);
    expect((await refusal(viewer.promotions.page({ limit: 500 }))).message).toMatch(/limit/);
    expect((await refusal(viewer.promotions.page({ sort: 'note' as never }))).message).toMatch(/sort/);
    expect((await refusal(viewer.promotions.page({ q: 'x'.repeat(300) }))).message).toMatch(/q/);
  });
});
