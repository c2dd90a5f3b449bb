// Every list the console reads is bounded (issue 18): jobs.list pages, sorts and filters on the
// server with a total; the pickers' models/datasets/experiments.pick return at most `limit`
// names, searchable, and say when there are more. Hostile input is refused naming the field.
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { datasets, experiments, jobs, models } from '@/server/db/schema';
import { callerAs, makeUser, uniq } from './helpers/factories';

async function refusal(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

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
    const t0 = Date.now() - 60_000;
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
