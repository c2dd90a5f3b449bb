// Every online CLI command against a running console: the CLI (in-process, its real `main`) talks
// over HTTP with API tokens to a listener serving the console's own tRPC and REST route handlers
// (helpers/console-http.ts), backed by the real Postgres, Redis and workers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { db } from '@/server/db/client';
import { aliases, models } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { createToken } from '@/server/services/tokens/tokens';
import { actorOf, makeUser, uniq } from './helpers/factories';
import { learnableCsv } from './helpers/csv';
import { startConsoleHttp, type ConsoleHttp } from './helpers/console-http';
import { trainedOnnx } from './helpers/serving';

let consoleHttp: ConsoleHttp;
let stopWorkers: () => Promise<void>;
const tokens: Record<'admin' | 'engineer' | 'approver' | 'viewer', string> = { admin: '', engineer: '', approver: '', viewer: '' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));

beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
  consoleHttp = await startConsoleHttp();
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) {
    const u = await makeUser(role);
    tokens[role] = (await createToken({ db: db(), actor: actorOf(u) }, { name: 'cli test' })).token;
  }
});
afterAll(async () => {
  await consoleHttp.close();
  await stopWorkers();
  await closeQueues();
});

async function vigil(as: keyof typeof tokens, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main([...args, '--url', consoleHttp.url, '--token', tokens[as]], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err, json: () => JSON.parse(out) as Record<string, unknown> & Record<string, never> };
}

async function aliasVersion(model: string, alias: string) {
  const [row] = await db().select({ versionId: aliases.versionId }).from(aliases).innerJoin(models, eq(models.id, aliases.modelId)).where(and(eq(models.name, model), eq(aliases.name, alias)));
  return row?.versionId ?? null;
}

describe('online CLI against a running console', () => {
  const model = uniq('cli').toLowerCase();
  const other = uniq('cli2').toLowerCase();
  let datasetVersionId = '';
  let runId = '';
  let requestId = '';

  it('datasets upload and datasets list', async () => {
    const file = path.join(dir, 'train.csv');
    fs.writeFileSync(file, learnableCsv(300, 5));
    const name = uniq('ds');
    const up = await vigil('engineer', 'datasets', 'upload', '--name', name, '--file', file, '--json');
    expect(up.code, up.err).toBe(0);
    datasetVersionId = (up.json().version as { id: string }).id;
    const list = await vigil('viewer', 'datasets', 'list', '--search', name, '--json');
    expect(list.code, list.err).toBe(0);
    expect(list.json()).toMatchObject({ total: 1, page: 1, pages: 1, limit: 50, rows: [{ name, versions: 1 }] });
    const denied = await vigil('viewer', 'datasets', 'upload', '--name', name, '--file', file);
    expect(denied.code).toBe(3);
  });

  it('runs start --wait and runs show', async () => {
    const run = await vigil('engineer', 'runs', 'start', '--experiment', uniq('exp'), '--dataset-version', datasetVersionId, '--target', 'y', '--trainer', 'logreg', '--seed', '3', '--wait', '--json');
    expect(run.code, run.err + run.out).toBe(0);
    runId = run.json().id as string;
    expect(run.json().status).toBe('succeeded');
    const show = await vigil('viewer', 'runs', 'show', '--id', runId, '--json');
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain(runId);
  }, 120_000);

  it('models register, models upload and models list', async () => {
    const reg = await vigil('engineer', 'models', 'register', '--run', runId, '--model', model, '--json');
    expect(reg.code, reg.err).toBe(0);
    expect((reg.json().version as { version: number }).version).toBe(1);
    const file = path.join(dir, 'm.onnx');
    fs.writeFileSync(file, await trainedOnnx(2));
    const upload = await vigil('engineer', 'models', 'upload', '--model', model, '--file', file, '--json');
    expect(upload.code, upload.err).toBe(0);
    expect((upload.json().version as { version: number }).version).toBe(2);
    for (let v = 1; v <= 2; v++) expect((await vigil('admin', 'models', 'upload', '--model', other, '--file', file, '--json')).code).toBe(0);
    const list = await vigil('viewer', 'models', 'list', '--search', model, '--json');
    expect(list.code, list.err).toBe(0);
    expect(list.json()).toMatchObject({ total: 1, rows: [{ name: model, versions: 2, latestVersion: 2 }] });
    // Both models contain "cli": one per page, and stderr says where the page is.
    const first = await vigil('viewer', 'models', 'list', '--search', 'cli', '--limit', '1');
    expect(first.code, first.err).toBe(0);
    expect(first.out.trim().split('\n')).toHaveLength(1);
    expect(first.err).toMatch(/^page 1 of \d+ \(\d+ models\); --page 2 for the next, --all for every page\n$/);
    const all = await vigil('viewer', 'models', 'list', '--search', 'cli', '--all', '--limit', '1', '--json');
    expect(all.code, all.err).toBe(0);
    const names = (all.json().rows as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining([model, other]));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(all.json().total as number);
    const bad = await vigil('viewer', 'models', 'list', '--limit', '500');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--limit must be a whole number from 1 to 200/);
    expect((await vigil('viewer', 'datasets', 'list', '--page', '0')).err).toMatch(/--page must be/);
  });

  it('promote: the first release is direct; a protected alias is refused with how to request; shadow is direct; break-glass needs an admin and a reason', async () => {
    expect((await vigil('engineer', 'promote', model, '--version', '1', '--reason', 'first release')).code).toBe(0);
    const refused = await vigil('engineer', 'promote', model, '--version', '2', '--reason', 'ship it');
    expect(refused.code).toBe(3);
    expect(refused.err).toMatch(/production alias is protected.*vigil request-promotion/);
    const canary = await vigil('engineer', 'promote', model, '--version', '2', '--alias', 'canary', '--share', '0.5');
    expect(canary.code).toBe(3);
    const engineerGlass = await vigil('engineer', 'promote', model, '--version', '2', '--break-glass', '--reason', 'an emergency, really');
    expect(engineerGlass.code).toBe(3);
    const noReason = await vigil('admin', 'promote', model, '--version', '2', '--break-glass');
    expect(noReason.code).toBe(2);
    expect(noReason.err).toMatch(/written reason/);
    expect(await aliasVersion(model, 'production')).not.toBeNull();
    const shadow = await vigil('engineer', 'promote', model, '--version', '2', '--alias', 'shadow', '--json');
    expect(shadow.code, shadow.err).toBe(0);
    expect((await vigil('engineer', 'promote', model, '--version', '2', '--alias', 'shadow')).code).toBe(2); // already there
    expect((await vigil('admin', 'promote', other, '--version', '1', '--reason', 'first release')).code).toBe(0);
  });

  it('request-promotion (one open per model), requests list and show, approve; four eyes', async () => {
    const bad = await vigil('engineer', 'request-promotion', model, '--version', '2');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--note is required/);
    const badPlan = await vigil('engineer', 'request-promotion', model, '--version', '2', '--note', 'n', '--plan', '50:1,20:1');
    expect(badPlan.code).toBe(2);
    expect(badPlan.err).toMatch(/plan\.1\.share|step 2's share must be above/);
    const req = await vigil('engineer', 'request-promotion', model, '--version', '2', '--note', 'better AUC', '--plan', '20:1,100:1', '--json');
    expect(req.code, req.err).toBe(0);
    requestId = req.json().id as string;
    const again = await vigil('engineer', 'request-promotion', model, '--version', '2', '--note', 'again', '--json');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already has an open promotion request/);
    const list = await vigil('viewer', 'requests', 'list', '--model', model, '--json');
    expect(list.code).toBe(0);
    expect((list.json().rows as { id: string; status: string }[]).map((r) => [r.id, r.status])).toEqual([[requestId, 'pending']]);
    expect(list.json().total).toBe(1);
    const badStatus = await vigil('viewer', 'requests', 'list', '--status', 'nope');
    expect(badStatus.code).toBe(2);
    expect(badStatus.err).toMatch(/status/);
    const show = await vigil('viewer', 'requests', 'show', requestId, '--json');
    expect(show.code, show.err).toBe(0);
    expect(show.json()).toMatchObject({ id: requestId, model, version: 2, incumbent: 1, status: 'pending' });
    expect((await vigil('viewer', 'requests', 'show', 'not-an-id')).err).toMatch(/must be a promotion request id/);
    const own = await vigil('engineer', 'approve', requestId, '--reason', 'mine');
    expect(own.code).toBe(3);
    const noOverride = await vigil('approver', 'approve', requestId, '--reason', 'looks good');
    expect(noOverride.code).toBe(2);
    expect(noOverride.err).toMatch(/override reason/);
    const ok = await vigil('approver', 'approve', requestId, '--reason', 'looks good', '--override', 'no golden set for this test model', '--json');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.json()).toMatchObject({ status: 'rolling_out' });
    // Approval moves the protected canary (the path a direct move is refused on).
    expect(await aliasVersion(model, 'canary')).not.toBeNull();
  });

  it('reject', async () => {
    const req = await vigil('engineer', 'request-promotion', other, '--version', '2', '--note', 'try it', '--json');
    expect(req.code, req.err).toBe(0);
    expect((await vigil('approver', 'reject', req.json().id as string)).err).toMatch(/--reason is required/);
    const rej = await vigil('approver', 'reject', req.json().id as string, '--reason', 'not convinced', '--json');
    expect(rej.code, rej.err).toBe(0);
    expect(rej.json()).toMatchObject({ status: 'rejected' });
  });

  it('rollback (idempotent with --from) after an admin break-glass, and status', async () => {
    const glass = await vigil('admin', 'promote', other, '--version', '2', '--break-glass', '--reason', 'incident 42: v1 broken', '--json');
    expect(glass.code, glass.err).toBe(0);
    const rb = await vigil('engineer', 'rollback', other, '--reason', 'error rate up', '--json');
    expect(rb.code, rb.err).toBe(0);
    expect(rb.json()).toMatchObject({ from: 2, to: 1, repeated: false });
    const retry = await vigil('engineer', 'rollback', other, '--reason', 'error rate up', '--from', '2', '--json');
    expect(retry.code, retry.err).toBe(0);
    expect(retry.json()).toMatchObject({ from: 2, to: 1, repeated: true });
    const status = await vigil('viewer', 'status', '--json');
    expect(status.code, status.err).toBe(0);
    const rows = status.json() as unknown as { name: string; production: number; breakGlass: { reason: string } | null }[];
    expect(rows.find((r) => r.name === other)).toMatchObject({ production: 1, breakGlass: { reason: 'incident 42: v1 broken' } });
    expect(rows.find((r) => r.name === model)).toMatchObject({ production: 1 });
    expect((await vigil('viewer', 'rollback', other, '--reason', 'x', '--from', '1')).code).toBe(3);
  });
});
