// Issue 18, the rest of the lists: users, API tokens, serving keys, batch scorings,
// evaluations, alerts and alias history page on the server with a capped page size, a stable
// order across pages and the total; hostile input is refused naming the field. The unpaged
// models/datasets/experiments/promotions.list are gone (the CLI reads the pages).
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { alertRules, alerts, aliasMoves, apiTokens, batchScores, datasets, datasetVersions, evaluations, servingKeyModels, servingKeys, users } from '@/server/db/schema';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { refusal } from './helpers/refusal';
import { modelAndVersion } from './helpers/predictions';
import { trainedOnnx } from './helpers/serving';

/** Every page of a list, `size` rows at a time, in order. */
async function allPages<T>(size: number, page: (offset: number, limit: number) => Promise<{ rows: T[]; total: number }>): Promise<{ rows: T[]; totals: number[] }> {
  const rows: T[] = [];
  const totals: number[] = [];
  for (let offset = 0; ; offset += size) {
    const p = await page(offset, size);
    rows.push(...p.rows);
    totals.push(p.total);
    if (p.rows.length < size) return { rows, totals };
  }
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

async function modelWithVersion(engineer: Parameters<typeof actorOf>[0], tag: string) {
  const name = `${tag}-m`;
  await uploadModelVersion({ db: db(), actor: actorOf(engineer) }, { model: name }, await trainedOnnx(1));
  return { name, ...(await modelAndVersion(name, 1)) };
}

async function datasetVersion(tag: string) {
  const [ds] = await db().insert(datasets).values({ name: `${tag}-ds` }).returning();
  const [dv] = await db().insert(datasetVersions).values({ datasetId: ds.id, sha256: `${tag}`.padEnd(64, '0'), byteSize: 10, rowCount: 1, schema: [] }).returning();
  return dv.id;
}

describe('users.list', () => {
  it('pages users by a whitelisted sort with a stable order and the total, filtered by email or name', async () => {
    const admin = callerAs(await makeUser('admin'));
    const tag = uniq('upage').toLowerCase();
    // Equal names on purpose: the id breaks ties, so no user shows on two pages or none.
    await db()
      .insert(users)
      .values(Array.from({ length: 23 }, (_, i) => ({ email: `${tag}-${String(i).padStart(2, '0')}@test.local`, name: i % 2 ? 'Same Name' : `Person ${tag}`, passwordHash: 'x', role: 'viewer' as const })));
    const first = await admin.users.list({ q: tag, limit: 10 });
    expect(first.total).toBe(23);
    expect(first.rows.map((u) => u.email)).toEqual(Array.from({ length: 10 }, (_, i) => `${tag}-${String(i).padStart(2, '0')}@test.local`));
    expect(Object.keys(first.rows[0])).not.toContain('passwordHash');
    const byName = await allPages(4, (offset, limit) => admin.users.list({ q: tag, sort: 'name', dir: 'asc', offset, limit }));
    expect(byName.rows).toHaveLength(23);
    expect(new Set(byName.rows.map((u) => u.id)).size).toBe(23);
    expect(new Set(byName.totals)).toEqual(new Set([23]));
    // Both sort directions give one order, reversed.
    const desc = await admin.users.list({ q: tag, sort: 'name', dir: 'desc', limit: 200 });
    expect(desc.rows.map((u) => u.id)).toEqual([...byName.rows].reverse().map((u) => u.id));
    expect((await admin.users.list({ q: 'PERSON ' + tag.toUpperCase() })).total).toBe(12);
    expect((await admin.users.list({ q: `${tag}-0_` })).total).toBe(0);
    // With no input at all: the first page.
    expect((await admin.users.list()).limit).toBe(50);
  });

  it('refuses hostile input naming the field, and non-admins', async () => {
    const admin = callerAs(await makeUser('admin'));
    expect((await refusal(admin.users.list({ limit: 10_000 }))).message).toMatch(/limit/);
    expect((await refusal(admin.users.list({ offset: -1 }))).message).toMatch(/offset/);
    expect((await refusal(admin.users.list({ offset: 1.5 }))).message).toMatch(/offset/);
    expect((await refusal(admin.users.list({ sort: 'passwordHash' as never }))).message).toMatch(/sort/);
    expect((await refusal(admin.users.list({ q: 'a\u0000' }))).message).toMatch(/q/);
    expect((await refusal(admin.users.list({ role: 'admin' } as never))).message).toMatch(/role/);
    expect((await refusal(callerAs(await makeUser('engineer')).users.list())).code).toBe('FORBIDDEN');
  });
});

describe('tokens.list', () => {
  it("pages only the caller's tokens, newest first, with the total", async () => {
    const me = await makeUser('viewer');
    const other = await makeUser('viewer');
    const tag = uniq('tok').slice(-10);
    const at = Date.now() - 3_600_000;
    await db()
      .insert(apiTokens)
      .values(Array.from({ length: 7 }, (_, i) => ({ userId: me.id, name: `t${i}`, prefix: `${tag}${i}`, secretHash: 'x', expiresAt: new Date(Date.now() + 86_400_000), createdAt: new Date(at + i * 1000) })));
    await db().insert(apiTokens).values({ userId: other.id, name: 'theirs', prefix: `${tag}o`, secretHash: 'x', expiresAt: new Date(Date.now() + 86_400_000) });
    const c = callerAs(me);
    const pages = await allPages(3, (offset, limit) => c.tokens.list({ offset, limit }));
    expect(pages.rows.map((t) => t.name)).toEqual(['t6', 't5', 't4', 't3', 't2', 't1', 't0']);
    expect(new Set(pages.totals)).toEqual(new Set([7]));
    expect(Object.keys(pages.rows[0])).not.toContain('secretHash');
    expect((await c.tokens.list({ sort: 'name', dir: 'asc', limit: 2 })).rows.map((t) => t.name)).toEqual(['t0', 't1']);
    expect((await refusal(c.tokens.list({ limit: 201 }))).message).toMatch(/limit/);
    expect((await refusal(c.tokens.list({ offset: -5 }))).message).toMatch(/offset/);
    expect((await refusal(c.tokens.list({ sort: 'secretHash' as never }))).message).toMatch(/sort/);
  });
});

describe('servingKeys.list', () => {
  it('pages keys with their scopes (read for the page only) and the total', async () => {
    const admin = await makeUser('admin');
    const engineer = await makeUser('engineer');
    const tag = uniq('skey').toLowerCase();
    const m = await modelWithVersion(engineer, tag);
    const keys = await db()
      .insert(servingKeys)
      .values(Array.from({ length: 5 }, (_, i) => ({ name: `${tag} key ${i}`, prefix: `${tag.slice(-10)}${i}`, secretHash: 'x', allModels: i === 0, createdAt: minutesAgo(10 - i) })))
      .returning();
    await db().insert(servingKeyModels).values({ keyId: keys[3].id, modelId: m.modelId });
    const c = callerAs(admin);
    const pages = await allPages(2, (offset, limit) => c.servingKeys.list({ q: tag, offset, limit }));
    expect(pages.rows.map((k) => k.name)).toEqual([4, 3, 2, 1, 0].map((i) => `${tag} key ${i}`));
    expect(new Set(pages.totals)).toEqual(new Set([5]));
    expect(pages.rows.map((k) => [k.allModels, k.models])).toEqual([
      [false, []],
      [false, [m.name]],
      [false, []],
      [false, []],
      [true, []],
    ]);
    expect((await refusal(c.servingKeys.list({ limit: 500 }))).message).toMatch(/limit/);
    expect((await refusal(c.servingKeys.list({ offset: -1 }))).message).toMatch(/offset/);
    expect((await refusal(c.servingKeys.list({ q: 'x'.repeat(201) }))).message).toMatch(/q/);
    expect((await refusal(callerAs(engineer).servingKeys.list())).code).toBe('FORBIDDEN');
  });
});

describe("a model's lists: batch scorings, evaluations, alerts and alias history", () => {
  it('page with a stable order and the total; hostile input is refused naming the field', async () => {
    const engineer = await makeUser('engineer');
    const tag = uniq('mlists').toLowerCase();
    const m = await modelWithVersion(engineer, tag);
    const dv = await datasetVersion(tag);
    const viewer = callerAs(await makeUser('viewer'));

    // Batch scorings: 12, two in the same instant (the id orders them).
    const same = minutesAgo(30);
    await db()
      .insert(batchScores)
      .values(Array.from({ length: 12 }, (_, i) => ({ modelVersionId: m.versionId, datasetVersionId: dv, status: i % 3 ? ('succeeded' as const) : ('failed' as const), createdAt: i >= 10 ? same : minutesAgo(60 - i) })));
    const batches = await allPages(5, (offset, limit) => viewer.batch.list({ model: m.name, offset, limit }));
    expect(batches.rows).toHaveLength(12);
    expect(new Set(batches.rows.map((b) => b.batch.id)).size).toBe(12);
    expect(new Set(batches.totals)).toEqual(new Set([12]));
    const times = batches.rows.map((b) => b.batch.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(batches.rows.every((b) => b.version === 1)).toBe(true);
    expect((await viewer.batch.list({ model: m.name, sort: 'status', dir: 'asc', limit: 4 })).rows.map((b) => b.batch.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect((await refusal(viewer.batch.list({ model: m.name, limit: 201 }))).message).toMatch(/limit/);
    expect((await refusal(viewer.batch.list({ model: m.name, offset: -1 }))).message).toMatch(/offset/);
    expect((await refusal(viewer.batch.list({ model: `${m.name}-nope` }))).code).toBe('NOT_FOUND');

    // Evaluations: 9, filtered by status; the latest succeeded is one row.
    await db()
      .insert(evaluations)
      .values(Array.from({ length: 9 }, (_, i) => ({ modelId: m.modelId, candidateVersionId: m.versionId, goldenDatasetVersionId: dv, status: i === 4 ? ('succeeded' as const) : ('failed' as const), createdAt: minutesAgo(50 - i) })));
    const evs = await allPages(4, (offset, limit) => viewer.evaluations.list({ model: m.name, offset, limit }));
    expect(evs.rows).toHaveLength(9);
    expect(new Set(evs.totals)).toEqual(new Set([9]));
    expect(evs.rows.map((e) => e.evaluation.createdAt.getTime())).toEqual(evs.rows.map((e) => e.evaluation.createdAt.getTime()).sort((a, b) => b - a));
    const latestOk = await viewer.evaluations.list({ model: m.name, version: 1, status: 'succeeded', limit: 1 });
    expect(latestOk.total).toBe(1);
    expect(latestOk.rows[0].evaluation.id).toBe(evs.rows[4].evaluation.id);
    expect((await viewer.evaluations.list({ model: m.name, version: 2 })).total).toBe(0);
    expect((await refusal(viewer.evaluations.list({ model: m.name, limit: 1000 }))).message).toMatch(/limit/);
    expect((await refusal(viewer.evaluations.list({ model: m.name, status: 'exploded' as never }))).message).toMatch(/status/);
    expect((await refusal(viewer.evaluations.list({ model: m.name, version: -1 }))).message).toMatch(/version/);

    // Alerts: one firing, 14 resolved (more than the old cap of a panel's page).
    const [rule] = await db().insert(alertRules).values({ modelId: m.modelId, name: `${tag} rule`, metric: 'drift_share', direction: 'above', threshold: 0.5, windowMinutes: 60, minSamples: 1, severity: 'warning' }).returning();
    await db()
      .insert(alerts)
      .values([
        { ruleId: rule.id, modelId: m.modelId, status: 'firing' as const, message: 'now', firedAt: minutesAgo(1) },
        ...Array.from({ length: 14 }, (_, i) => ({ ruleId: rule.id, modelId: m.modelId, status: 'resolved' as const, message: `r${i}`, firedAt: minutesAgo(100 - i), resolvedAt: minutesAgo(99 - i) })),
      ]);
    const resolved = await allPages(10, (offset, limit) => viewer.monitoring.alerts({ model: m.name, status: 'resolved', offset, limit }));
    expect(resolved.rows.map((a) => a.alert.message)).toEqual(Array.from({ length: 14 }, (_, i) => `r${13 - i}`));
    expect(new Set(resolved.totals)).toEqual(new Set([14]));
    const firing = await viewer.monitoring.alerts({ model: m.name, status: 'firing', limit: 1 });
    expect(firing).toMatchObject({ total: 1, rows: [{ alert: { message: 'now' }, model: m.name, rule: { name: `${tag} rule` } }] });
    expect((await viewer.monitoring.alerts({ model: m.name })).total).toBe(15);
    expect((await refusal(viewer.monitoring.alerts({ limit: 501 }))).message).toMatch(/limit/);
    expect((await refusal(viewer.monitoring.alerts({ offset: -1 }))).message).toMatch(/offset/);
    expect((await refusal(viewer.monitoring.alerts({ status: 'open' as never }))).message).toMatch(/status/);

    // Alias history: 8 moves, oldest first by dir=asc is the same order reversed.
    await db()
      .insert(aliasMoves)
      .values(Array.from({ length: 8 }, (_, i) => ({ modelId: m.modelId, alias: i % 2 ? 'shadow' : 'production', toVersionId: m.versionId, kind: 'move' as const, actorLabel: engineer.email, reason: `move ${i}`, at: same })));
    const history = await allPages(3, (offset, limit) => viewer.aliases.history({ model: m.name, offset, limit }));
    expect(history.rows.map((h) => h.reason)).toEqual(Array.from({ length: 8 }, (_, i) => `move ${7 - i}`));
    expect(new Set(history.totals)).toEqual(new Set([8]));
    expect((await viewer.aliases.history({ model: m.name, dir: 'asc', limit: 200 })).rows.map((h) => h.id)).toEqual([...history.rows].reverse().map((h) => h.id));
    const prod = await viewer.aliases.history({ model: m.name, alias: 'production', limit: 2 });
    expect(prod.total).toBe(4);
    expect(prod.rows.map((h) => h.reason)).toEqual(['move 6', 'move 4']);
    expect((await refusal(viewer.aliases.history({ model: m.name, limit: 201 }))).message).toMatch(/limit/);
    expect((await refusal(viewer.aliases.history({ model: m.name, offset: 100_001 }))).message).toMatch(/offset/);
    expect((await refusal(viewer.aliases.history({ model: m.name, sort: 'reason' as never }))).message).toMatch(/sort/);
  });
});

describe('promotions.page for the CLI', () => {
  it('filters by exact model name', async () => {
    const viewer = callerAs(await makeUser('viewer'));
    const page = await viewer.promotions.page({ model: uniq('nomodel') });
    expect(page).toMatchObject({ rows: [], total: 0 });
    expect((await refusal(viewer.promotions.page({ model: '' }))).message).toMatch(/model/);
  });
});
