// Promotion on evidence cannot be bypassed (issue 12): protected aliases on every path,
// break-glass, rollback to the last good version, strict alias-move bodies, one open request
// per model, and the rollout driver's isolation and stops.
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { aliases, alerts, alertRules, auditEvents, promotionEvents, promotionRequests } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startServing, type RunningServing } from '@/server/serving/start-serving';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { rollback } from '@/server/services/aliases/rollback';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { advanceRollouts } from '@/server/services/promotions/rollout';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { createToken } from '@/server/services/tokens/tokens';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { startConsoleHttp, type ConsoleHttp } from './helpers/console-http';
import { client, goodRow, trainedOnnx } from './helpers/serving';
import { asOwner } from './helpers/owner-db';
import { waitFor } from './helpers/wait';

let consoleHttp: ConsoleHttp;
let serving: RunningServing;
beforeAll(async () => {
  consoleHttp = await startConsoleHttp();
  serving = await startServing({ port: 0, log: () => {} });
});
afterAll(async () => {
  await serving.close();
  await consoleHttp.close();
  await closeQueues();
});

/** A model with `n` versions (v2 trained on flipped labels when asked) and v1 in production (its first release). */
async function setup(n = 3, opts: { badV2?: boolean } = {}) {
  const admin = await makeUser('admin');
  const engineer = await makeUser('engineer');
  const approver = await makeUser('approver');
  const ctx = { db: db(), actor: actorOf(admin) };
  const name = uniq('pa').toLowerCase();
  for (let v = 1; v <= n; v++) await uploadModelVersion(ctx, { model: name }, await trainedOnnx(v, 'logreg', { flipLabels: v === 2 && opts.badV2 }));
  await moveAlias({ db: db(), actor: actorOf(engineer) }, { model: name, alias: 'production', version: 1, reason: 'first release' });
  const token = async (u: typeof admin) => (await createToken({ db: db(), actor: actorOf(u) }, { name: 't' })).token;
  return { name, admin, engineer, approver, ctx, adminCtx: ctx, engCtx: { db: db(), actor: actorOf(engineer) }, token };
}

async function current(modelId: string, alias: string) {
  return (await db().select().from(aliases).where(and(eq(aliases.modelId, modelId), eq(aliases.name, alias))))[0];
}

async function rest(base: string, token: string, method: string, path: string, body?: string) {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as { error?: { message: string; field: string | null }; version?: number; repeated?: boolean } };
}

describe('protected aliases', () => {
  it('an engineer cannot move production or canary on any path; the message says how to request; shadow stays direct', async () => {
    const s = await setup(2);
    const eng = callerAs(s.engineer);
    // tRPC (the same procedure the UI calls)
    await expect(eng.aliases.move({ model: s.name, alias: 'production', version: 2, reason: 'ship' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/protected.*approved promotion request.*vigil request-promotion/) });
    await expect(eng.aliases.move({ model: s.name, alias: 'canary', version: 2, share: 1, reason: 'ship' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // REST
    const t = await s.token(s.engineer);
    const r = await rest(consoleHttp.url, t, 'PUT', `/api/models/${s.name}/aliases/production`, JSON.stringify({ version: 2, reason: 'ship' }));
    expect(r.status).toBe(403);
    expect(r.body.error?.message).toMatch(/request-promotion/);
    // Admins too, without break-glass.
    await expect(callerAs(s.admin).aliases.move({ model: s.name, alias: 'production', version: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [m] = await db().execute(sql`SELECT id FROM models WHERE name = ${s.name}`).then((x) => x.rows as { id: string }[]);
    expect((await current(m.id, 'production')).versionId).not.toBeNull();
    const history = (await eng.aliases.history({ model: s.name, alias: 'production' })).rows;
    expect(history.map((h) => h.toVersion)).toEqual([1]);
    // shadow is not protected
    await eng.aliases.move({ model: s.name, alias: 'shadow', version: 2, reason: 'compare' });
    expect((await eng.aliases.list({ model: s.name })).find((a) => a.alias === 'shadow')?.version).toBe(2);
  });

  it('two first releases at once: one applies, the other is refused (no second, unprotected move)', async () => {
    const admin = await makeUser('admin');
    const engineer = await makeUser('engineer');
    const name = uniq('pa-first').toLowerCase();
    for (let v = 1; v <= 2; v++) await uploadModelVersion({ db: db(), actor: actorOf(admin) }, { model: name }, await trainedOnnx(v));
    const eng = { db: db(), actor: actorOf(engineer) };
    const results = await Promise.allSettled([1, 2].map((version) => moveAlias(eng, { model: name, alias: 'production', version, reason: 'first release' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect((await callerAs(engineer).aliases.history({ model: name, alias: 'production' })).rows).toHaveLength(1);
  });

  it('admin break-glass with a reason moves it, fires a critical alert, and is marked in history, audit and On-call', async () => {
    const s = await setup(2);
    await expect(callerAs(s.engineer).aliases.move({ model: s.name, alias: 'production', version: 2, reason: 'an engineer tries', breakGlass: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(s.admin).aliases.move({ model: s.name, alias: 'production', version: 2, reason: 'short', breakGlass: true })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/written reason/) });
    await expect(callerAs(s.admin).aliases.move({ model: s.name, alias: 'shadow', version: 2, reason: 'not protected at all', breakGlass: true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const move = await callerAs(s.admin).aliases.move({ model: s.name, alias: 'production', version: 2, reason: 'incident 7: v1 mis-scores', breakGlass: true });
    expect(move.breakGlass).toBe(true);
    const fired = await db().select({ a: alerts, r: alertRules }).from(alerts).innerJoin(alertRules, eq(alertRules.id, alerts.ruleId)).where(eq(alerts.modelId, move.modelId));
    expect(fired).toHaveLength(1);
    expect(fired[0].r).toMatchObject({ metric: 'break_glass', severity: 'critical' });
    expect(fired[0].a.message).toMatch(/break-glass: .* moved .*production to v2 .*incident 7/);
    const history = (await callerAs(s.engineer).aliases.history({ model: s.name, alias: 'production' })).rows;
    expect(history[0]).toMatchObject({ toVersion: 2, breakGlass: true, reason: 'incident 7: v1 mis-scores' });
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.targetId, move.modelId), eq(auditEvents.action, 'alias.break_glass')));
    expect(audit).toHaveLength(1);
    const onCall = await callerAs(s.engineer).aliases.onCall();
    expect(onCall.find((r) => r.name === s.name)?.breakGlass).toMatchObject({ alias: 'production', toVersion: 2, reason: 'incident 7: v1 mis-scores' });
  });

  it('the policy is editable by admins only, audited, and decides what is protected', async () => {
    const s = await setup(2);
    await expect(callerAs(s.engineer).evaluations.setPolicy({ model: s.name, protectedAliases: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(s.admin).evaluations.setPolicy({ model: s.name, protectedAliases: ['Not An Alias'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await callerAs(s.admin).evaluations.setPolicy({ model: s.name, protectedAliases: ['production', 'shadow'], reason: 'canary experiments are free here' });
    expect((await callerAs(s.engineer).evaluations.policy({ model: s.name })).protectedAliases).toEqual(['production', 'shadow']);
    await callerAs(s.engineer).aliases.move({ model: s.name, alias: 'canary', version: 2, share: 0.1, reason: 'now unprotected' });
    await expect(callerAs(s.engineer).aliases.move({ model: s.name, alias: 'shadow', version: 2, reason: 'now protected' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [a] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'model_policy.update')).orderBy(desc(auditEvents.at)).limit(1);
    expect(a.reason).toBe('canary experiments are free here');
    expect(a.after).toMatchObject({ protectedAliases: ['production', 'shadow'] });
  });
});

describe('rollback to the last good version', () => {
  /** v1 → v2 → v3 in production (by break-glass, the direct path that remains). */
  async function threeReleases() {
    const s = await setup(3);
    for (const v of [2, 3]) await moveAlias(s.adminCtx, { model: s.name, alias: 'production', version: v, reason: `release v${v} (break glass)`, breakGlass: true });
    return s;
  }

  it('v1 → v2 → v3, then rollback twice lands on v1 and never re-deploys v3', async () => {
    const s = await threeReleases();
    const eng = callerAs(s.engineer);
    expect(await eng.aliases.rollbackPreview({ model: s.name })).toEqual({ from: 3, to: 2 });
    expect((await rollback(s.engCtx, { model: s.name, reason: 'v3 bad', fromVersion: 3 })).toVersion).toBe(2);
    expect(await eng.aliases.rollbackPreview({ model: s.name })).toEqual({ from: 2, to: 1 });
    expect((await rollback(s.engCtx, { model: s.name, reason: 'v2 bad too', fromVersion: 2 })).toVersion).toBe(1);
    const history = (await eng.aliases.history({ model: s.name, alias: 'production' })).rows;
    expect(history.map((h) => [h.kind, h.fromVersion, h.toVersion])).toEqual([
      ['rollback', 2, 1],
      ['rollback', 3, 2],
      ['promote', 2, 3],
      ['promote', 1, 2],
      ['promote', null, 1],
    ]);
    // Nowhere left to go: v2 and v3 were rolled back from.
    await expect(rollback(s.engCtx, { model: s.name, reason: 'again', fromVersion: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no earlier good production version/) });
    // A rolled-back version returns only through a new approved request: even break-glass is refused.
    await expect(moveAlias(s.adminCtx, { model: s.name, alias: 'production', version: 3, reason: 'bring it back now', breakGlass: true })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/rolled back from production; it returns only through a new approved promotion request/) });
    const req = await eng.promotions.request({ model: s.name, version: 3, note: 'fixed upstream data; try v3 again' });
    expect(req.status).toBe('pending');
  });

  it('Postgres failing halfway (marking the bad version, firing the break-glass alert) leaves nothing half-written', async () => {
    const s = await threeReleases();
    const modelId = (await db().execute(sql`SELECT id FROM models WHERE name = ${s.name}`)).rows[0].id as string;
    const movesBefore = (await callerAs(s.engineer).aliases.history({ model: s.name })).rows.length;
    const fn = `h12_fail_${modelId.replace(/-/g, '')}`;
    await asOwner(`CREATE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN IF NEW.model_id = '${modelId}' THEN RAISE EXCEPTION 'disk full (test)'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    try {
      await asOwner(`CREATE TRIGGER ${fn}_bad BEFORE INSERT ON alias_bad_versions FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
      await asOwner(`CREATE TRIGGER ${fn}_alert BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
      const diskFull = { cause: expect.objectContaining({ message: expect.stringContaining('disk full (test)') }) };
      await expect(rollback(s.engCtx, { model: s.name, reason: 'v3 bad', fromVersion: 3 })).rejects.toMatchObject(diskFull);
      await expect(moveAlias(s.adminCtx, { model: s.name, alias: 'production', version: 1, reason: 'incident: go to v1 now', breakGlass: true })).rejects.toMatchObject(diskFull);
      expect((await current(modelId, 'production')).versionId).toBe((await db().execute(sql`SELECT id FROM model_versions WHERE model_id = ${modelId} AND version = 3`)).rows[0].id);
      expect((await callerAs(s.engineer).aliases.history({ model: s.name })).rows.length).toBe(movesBefore);
      const audits = await db().select().from(auditEvents).where(and(eq(auditEvents.targetId, modelId), sql`${auditEvents.at} > now() - interval '5 seconds'`, sql`${auditEvents.action} IN ('alias.rollback', 'alias.break_glass')`));
      expect(audits.filter((a) => a.reason === 'v3 bad' || a.reason === 'incident: go to v1 now')).toHaveLength(0);
    } finally {
      await asOwner(`DROP TRIGGER IF EXISTS ${fn}_bad ON alias_bad_versions; DROP TRIGGER IF EXISTS ${fn}_alert ON alerts; DROP FUNCTION ${fn}()`);
    }
    // With Postgres healthy again, the same rollback goes through.
    expect((await rollback(s.engCtx, { model: s.name, reason: 'v3 bad', fromVersion: 3 })).toVersion).toBe(2);
  });

  it('retried rollbacks with the same fromVersion roll back once (REST and tRPC); fromVersion is required', async () => {
    const s = await threeReleases();
    const t = await s.token(s.engineer);
    const nul = await rest(consoleHttp.url, t, 'POST', `/api/models/${s.name}/rollback`, JSON.stringify({ reason: 'bad\u0000byte', fromVersion: 3 }));
    expect(nul.status).toBe(400);
    expect(nul.body.error?.field).toBe('reason');
    await expect(callerAs(s.engineer).promotions.request({ model: s.name, version: 2, note: 'nul\u0000' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const noFrom = await rest(consoleHttp.url, t, 'POST', `/api/models/${s.name}/rollback`, JSON.stringify({ reason: 'x' }));
    expect(noFrom.status).toBe(400);
    expect(noFrom.body.error?.field).toBe('fromVersion');
    const first = await rest(consoleHttp.url, t, 'POST', `/api/models/${s.name}/rollback`, JSON.stringify({ reason: 'v3 bad', fromVersion: 3 }));
    expect(first).toMatchObject({ status: 200, body: { version: 2, repeated: false } });
    const retry = await rest(consoleHttp.url, t, 'POST', `/api/models/${s.name}/rollback`, JSON.stringify({ reason: 'v3 bad', fromVersion: 3 }));
    expect(retry).toMatchObject({ status: 200, body: { version: 2, repeated: true } });
    const trpcRetry = await callerAs(s.engineer).aliases.rollback({ model: s.name, reason: 'v3 bad', fromVersion: 3 });
    expect(trpcRetry).toMatchObject({ toVersion: 2, repeated: true });
    const history = (await callerAs(s.engineer).aliases.history({ model: s.name, alias: 'production' })).rows;
    expect(history.filter((h) => h.kind === 'rollback')).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'rollback', fromVersion: 3, toVersion: 2 });
    // A stale fromVersion that is not a retry is a conflict.
    await expect(callerAs(s.engineer).aliases.rollback({ model: s.name, reason: 'x', fromVersion: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('malformed alias-move bodies are refused with 400 and change nothing', async () => {
    const s = await setup(2);
    await callerAs(s.engineer).aliases.move({ model: s.name, alias: 'shadow', version: 2, reason: 'compare' });
    const t = await s.token(s.engineer);
    const path = `/api/models/${s.name}/aliases/shadow`;
    const cases: [string | undefined, RegExp, number?][] = [
      ['{not json', /not valid JSON/],
      ['', /empty/],
      [undefined, /empty/],
      ['[]', /JSON object/],
      ['{}', /version/],
      ['{"version": "2"}', /version/],
      ['{"versoin": null}', /version|Unrecognized/],
      ['{"version": null, "extra": 1}', /Unrecognized key/],
      ['{"version": null, "reason": "a\\u0000b"}', /NUL/],
      [JSON.stringify({ version: 2, reason: 'x'.repeat(70_000) }), /over the limit/, 413],
    ];
    for (const [body, message, status] of cases) {
      const r = await rest(consoleHttp.url, t, 'PUT', path, body);
      expect(r.status, String(body).slice(0, 40)).toBe(status ?? 400);
      expect(r.body.error?.message).toMatch(message);
    }
    expect((await callerAs(s.engineer).aliases.list({ model: s.name })).find((a) => a.alias === 'shadow')?.version).toBe(2);
    // A well-formed null still clears an unprotected alias.
    expect((await rest(consoleHttp.url, t, 'PUT', path, JSON.stringify({ version: null, reason: 'done' }))).status).toBe(200);
  });
});

describe('promotion requests and the rollout driver', () => {
  it('two concurrent requests for the same model: one; the database enforces it', async () => {
    const s = await setup(3);
    const eng = callerAs(s.engineer);
    const results = await Promise.allSettled([eng.promotions.request({ model: s.name, version: 2, note: 'a' }), eng.promotions.request({ model: s.name, version: 3, note: 'b' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already has an open promotion request/) });
    const open = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ modelId: string; candidateVersionId: string; requestedBy: string }>).value;
    // Bypassing the app: the partial unique index refuses a second open row.
    await expect(
      db().insert(promotionRequests).values({ modelId: open.modelId, candidateVersionId: open.candidateVersionId, target: 'production', note: 'raw', plan: [{ share: 1, minutes: 1 }], requestedBy: open.requestedBy }),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505', constraint: 'promotion_requests_one_open_idx' }) });
  });

  it('plans must rise step by step', async () => {
    const s = await setup(2);
    await expect(callerAs(s.engineer).promotions.request({ model: s.name, version: 2, note: 'n', plan: [{ share: 0.5, minutes: 1 }, { share: 0.2, minutes: 1 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(callerAs(s.admin).evaluations.setPolicy({ model: s.name, rolloutPlan: [{ share: 0.5, minutes: 1 }, { share: 0.5, minutes: 1 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  async function approved(s: Awaited<ReturnType<typeof setup>>, version: number) {
    const req = await callerAs(s.engineer).promotions.request({ model: s.name, version, note: 'n', plan: [{ share: 0.2, minutes: 10 }, { share: 1, minutes: 10 }] });
    const view = await callerAs(s.approver).promotions.get({ id: req.id });
    await callerAs(s.approver).promotions.decide({ id: req.id, decision: 'approve', comment: 'go', overrideReason: 'no golden set', evidenceHash: view.evidence.hash });
    return req;
  }

  it('a rollout whose production was rolled back mid-way stops and says why; one failing rollout does not stall the others', async () => {
    const s = await setup(3);
    await moveAlias(s.adminCtx, { model: s.name, alias: 'production', version: 2, reason: 'release v2 (break glass)', breakGlass: true });
    const req = await approved(s, 3);
    expect((await current(req.modelId, 'canary')).versionId).toBe(req.candidateVersionId);
    // A second model whose rollout row is broken (a step index past its plan): its pass throws.
    const broken = await setup(2);
    const breq = await approved(broken, 2);
    await db().update(promotionRequests).set({ currentStep: 7 }).where(eq(promotionRequests.id, breq.id));
    await rollback(s.engCtx, { model: s.name, reason: 'v2 regressed', fromVersion: 2 });
    const pass = await advanceRollouts();
    expect(pass.failed).toBeGreaterThanOrEqual(1);
    expect(pass.stopped).toBeGreaterThanOrEqual(1);
    const after = (await db().select().from(promotionRequests).where(eq(promotionRequests.id, req.id)))[0];
    expect(after.status).toBe('stale');
    expect((await current(req.modelId, 'canary')).versionId).toBeNull();
    const [stopped] = await db().select().from(promotionEvents).where(and(eq(promotionEvents.requestId, req.id), eq(promotionEvents.kind, 'stopped')));
    expect(stopped.detail).toMatchObject({ reason: 'production moved from v2 to v1 while the rollout ran' });
    // Production is where the rollback put it, not the candidate.
    expect((await callerAs(s.engineer).aliases.list({ model: s.name })).find((a) => a.alias === 'production')?.version).toBe(1);
    await db().update(promotionRequests).set({ status: 'cancelled' }).where(eq(promotionRequests.id, breq.id));
  });

  it('a canary set by break-glass is analysed like any other and rolled back on regression', async () => {
    const s = await setup(2, { badV2: true });
    await moveAlias(s.adminCtx, { model: s.name, alias: 'canary', version: 2, share: 0.5, reason: 'hotfix canary (break glass)', breakGlass: true });
    await waitFor(async () => serving.state.routes.get(s.name)?.canary?.share ?? 0, (x) => x === 0.5, 5000, 'canary');
    const key = await createServingKey(s.ctx, { name: 'k', models: [s.name] });
    const call = client(`http://127.0.0.1:${serving.port}`, key.key);
    for (let i = 0; i < 8; i++) await Promise.all(Array.from({ length: 25 }, (_, k) => call(`/v1/models/${s.name}/predict`, { rows: [{ ...goodRow, x1: (i * 25 + k) % 10 }], request_key: `b${i}-${k}` })));
    await serving.shipper.drain();
    const modelId = (await db().execute(sql`SELECT id FROM models WHERE name = ${s.name}`)).rows[0].id as string;
    await advanceRollouts(Date.now() + 2 * 60_000);
    expect((await current(modelId, 'canary')).versionId).toBeNull();
    const history = (await callerAs(s.engineer).aliases.history({ model: s.name, alias: 'canary' })).rows;
    expect(history[0]).toMatchObject({ kind: 'auto_rollback' });
    const fired = await db().select({ r: alertRules }).from(alerts).innerJoin(alertRules, eq(alertRules.id, alerts.ruleId)).where(and(eq(alerts.modelId, modelId), eq(alerts.status, 'firing')));
    expect(fired.map((f) => f.r.metric)).toContain('canary_regression');
  });
});
