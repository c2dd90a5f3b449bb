// The acceptance path of promotion, in the browser, with two people: v1 (a sound logistic
// regression) serves production; v2 is trained by the offline CLI on labels that are 1 almost
// everywhere, so it scores nearly every row near 1 — a prediction distribution far from v1's.
// An engineer requests v2's promotion with a note, and cannot approve it (no decision panel; the
// server answers 403). An approver approves over the pending offline evaluation (no golden set),
// which needs an override reason. The canary rollout starts at 10 %; clients send traffic whose
// request keys route a known part of it to the canary; canary analysis sees the scores move
// (Jensen–Shannon distance of score distributions ≥ 0.2) and rolls the canary back on its own, with the reason on the request's timeline,
// and the audit log lists the request, the approval, the automatic rollback and the alert.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, mutate, nav, ORIGIN, SERVE, signInAs, signOut } from './helpers';

const run = promisify(execFile);
/** Trains a logistic regression with the offline CLI and returns the ONNX bytes. */
async function trainOnnx(dir: string, name: string, csvText: string): Promise<Buffer> {
  const csv = path.join(dir, `${name}.csv`);
  await writeFile(csv, csvText);
  const out = path.join(dir, name);
  const { stdout } = await run('./bin/vigil', ['train', '--data', csv, '--target', 'y', '--trainer', 'logreg', '--seed', '1', '--out', out, '--json'], { cwd: process.cwd(), timeout: 60_000 });
  expect(JSON.parse(stdout).artifact_sha256).toMatch(/^[0-9a-f]{64}$/);
  return readFile(path.join(out, 'model.onnx'));
}

/** learnableCsv with y = 1 unless x1 < −4.5: a model of it says "1" for nearly every row. */
function mostlyPositiveCsv(rows: number, seed: number): string {
  const [header, ...lines] = learnableCsv(rows, seed).trim().split('\n');
  return [header, ...lines.map((l) => l.replace(/,[01]$/, Number(l.split(',')[0]) < -4.5 ? ',0' : ',1'))].join('\n') + '\n';
}

type Row = { x1: number; x2: number | null; region: string };
function rows(n: number, seed: number): Row[] {
  return learnableCsv(n, seed)
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [x1, x2, region] = line.split(',');
      return { x1: Number(x1), x2: x2 === '' ? null : Number(x2), region };
    });
}

/** server/serving/routing.ts: a request key goes to the canary when this fraction is below its share. */
const keyFraction = (key: string) => crypto.createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;

/** One round of client traffic: every key sends `perRequest` rows; returns the versions that answered. */
async function sendRound(request: APIRequestContext, model: string, key: string, keys: string[], data: Row[], round: number) {
  const versions: number[] = [];
  await Promise.all(
    keys.map(async (k, i) => {
      const start = ((round * keys.length + i) * 5) % (data.length - 5);
      const res = await request.post(`${SERVE}/v1/models/${model}/predict`, { headers: { authorization: `Bearer ${key}` }, data: { rows: data.slice(start, start + 5), request_key: k } });
      expect(res.status(), await res.text()).toBe(200);
      versions.push((await res.json()).model_version);
    }),
  );
  return versions;
}

test('an engineer requests a promotion, cannot approve it; an approver approves with an override; the regressing canary is rolled back automatically', async ({ page, request }) => {
  test.setTimeout(480_000);
  const stamp = Date.now();
  const model = `e2e-promote-${stamp}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-e2e-promote-'));
  try {
    const v1 = await trainOnnx(dir, 'good', learnableCsv(400, 5));
    const v2 = await trainOnnx(dir, 'skewed', mostlyPositiveCsv(400, 5));

    // Admin: both versions, v1 in production, a serving key for the model.
    await signInAs(page, DEMO.admin);
    for (const [bytes, v] of [
      [v1, 1],
      [v2, 2],
    ] as const) {
      const res = await page.request.post(`/api/models/${model}/versions?filename=m.onnx`, { data: bytes, headers: { origin: ORIGIN, 'content-type': 'application/octet-stream' } });
      expect(res.status(), await res.text()).toBe(201);
      expect((await res.json()).version.version).toBe(v);
    }
    await mutate(page, 'aliases.move', { model, alias: 'production', version: 1, reason: 'promotion e2e: v1 serves' });
    const { key } = await mutate<{ key: string }>(page, 'servingKeys.create', { name: `${model} client`, models: [model] });
    await signOut(page);

    // Clients: request keys chosen so a known part goes to a 10 % canary (routing is by key hash).
    const canaryKeys: string[] = [];
    const productionKeys: string[] = [];
    for (let i = 0; canaryKeys.length < 4 || productionKeys.length < 10; i++) {
      const k = `${model}-user-${i}`;
      if (keyFraction(k) < 0.1) {
        if (canaryKeys.length < 4) canaryKeys.push(k);
      } else if (productionKeys.length < 10) productionKeys.push(k);
    }
    const data = rows(300, 11);
    await expect.poll(async () => (await request.post(`${SERVE}/v1/models/${model}/predict`, { headers: { authorization: `Bearer ${key}` }, data: { rows: data.slice(0, 1) } })).status(), { timeout: 20_000, intervals: [300] }).toBe(200);

    // Engineer: request the promotion of v2 from the Promotions page.
    await signInAs(page, DEMO.engineer);
    await nav(page, 'Promotions');
    const form = page.getByRole('form', { name: 'Request promotion' });
    await form.getByRole('combobox', { name: /^Model/ }).selectOption(model);
    await form.getByRole('combobox', { name: /^Version/ }).selectOption('2');
    await form.getByRole('combobox', { name: /^Target/ }).selectOption('production');
    await form.getByLabel(/^Note/).fill('v2 should raise recall on the north region');
    await form.getByRole('button', { name: 'Request promotion' }).click();
    await expect(page).toHaveURL(/\/promotions\/[0-9a-f-]{36}$/);
    const requestUrl = page.url();
    const id = requestUrl.split('/').pop()!;
    await expect(page.getByTestId('promotion-status')).toHaveText('pending');
    await expect(page.getByRole('heading', { name: `${model} candidate v2 vs incumbent v1` })).toBeVisible();
    await expect(page.getByTestId('promotion-requester')).toContainText(DEMO.engineer.email);
    await expect(page.getByTestId('evidence-evaluation')).toContainText('no golden set chosen');
    await expect(page.getByTestId('evidence-evaluation-status')).toHaveText('pending');
    await expect(page.getByTestId('evidence-drift-status')).toHaveText('pass');
    await expect(page.getByTestId('timeline-requested')).toContainText('v2 should raise recall');
    await expect(page.getByTestId('timeline-shadow_started')).toBeVisible();

    // Four eyes: the engineer is told someone else decides, sees no decision panel, and the server refuses.
    await expect(page.getByTestId('four-eyes-note')).toContainText('someone else');
    await expect(page.getByRole('form', { name: 'Decide on this promotion' })).toHaveCount(0);
    const hash = (await page.getByTestId('evidence-hash').textContent())!.trim();
    const denied = await page.request.post('/api/trpc/promotions.decide', { data: { json: { id, decision: 'approve', comment: 'mine', overrideReason: 'mine', evidenceHash: hash } }, headers: { origin: ORIGIN } });
    expect(denied.status()).toBe(403);
    await expect(page.getByRole('button', { name: 'Cancel request' })).toBeVisible();
    await signOut(page);

    // Approver: approving over the pending evaluation needs an override reason (UI and server).
    await signInAs(page, DEMO.approver);
    await page.goto(requestUrl);
    const decision = page.getByRole('form', { name: 'Decide on this promotion' });
    await decision.getByLabel('Comment (required)').fill('canary will tell; shadow agrees so far');
    await expect(decision.getByRole('button', { name: 'Approve' })).toBeDisabled();
    const approverHash = (await page.getByTestId('evidence-hash').textContent())!.trim();
    const noOverride = await page.request.post('/api/trpc/promotions.decide', { data: { json: { id, decision: 'approve', comment: 'no override', evidenceHash: approverHash } }, headers: { origin: ORIGIN } });
    expect(noOverride.status()).toBe(400);
    expect(await noOverride.text()).toContain('override reason');
    await decision.getByLabel(/^Override reason/).fill('no golden set yet for this model; the canary analysis guards the rollout');
    await decision.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByTestId('promotion-status')).toHaveText('rolling out');
    await expect(page.getByTestId('timeline-approved')).toContainText('override of evaluation');
    await expect(page.getByTestId('timeline-canary_step')).toContainText('canary takes 10% of traffic');
    await expect(page.getByRole('button', { name: 'Abort canary' })).toBeVisible();

    // Traffic until the rollout pass (every 15 s, over per-minute rollups) sees the regression.
    const status = page.getByTestId('promotion-status');
    const started = Date.now();
    let canaryAnswers = 0;
    for (let round = 0; (await status.textContent()) !== 'rolled back'; round++) {
      expect(Date.now() - started, 'the canary was not rolled back within 4 minutes').toBeLessThan(240_000);
      const answered = await sendRound(request, model, key, [...canaryKeys, ...productionKeys], data, round);
      canaryAnswers += answered.filter((v) => v === 2).length;
      await page.waitForTimeout(5000);
    }
    expect(canaryAnswers).toBeGreaterThan(0);
    await expect(page.getByTestId('timeline-auto_rollback')).toContainText('prediction distribution moved: Jensen–Shannon distance');
    await expect(page.getByTestId('evidence-canary-status')).toHaveText('fail');
    await expect(page.getByRole('button', { name: 'Abort canary' })).toHaveCount(0);
    // Clients with canary keys get production (v1) again.
    await expect.poll(async () => (await sendRound(request, model, key, canaryKeys, data, 0)).every((v) => v === 1), { timeout: 15_000, intervals: [500] }).toBe(true);

    // The list shows it rolled back; the audit log has the whole story.
    await nav(page, 'Promotions');
    await page.getByRole('combobox', { name: /^Status/ }).selectOption('rolled_back');
    await expect(page).toHaveURL(/status=rolled_back/);
    await expect(page.getByTestId('promotion-row').filter({ hasText: `${model} v2` })).toContainText('rolled back');

    await nav(page, 'Audit');
    await page.getByLabel('Target id').fill(id);
    await page.getByRole('button', { name: 'Filter' }).click();
    const audit = page.getByTestId('audit-row');
    // The unfiltered list stays until the filtered one arrives: wait until every row is this request's.
    await expect(audit.filter({ hasNotText: id.slice(0, 8) })).toHaveCount(0);
    await expect(audit.filter({ hasText: 'promotion.request' })).toContainText(DEMO.engineer.email);
    await expect(audit.filter({ hasText: 'promotion.approve' })).toContainText(DEMO.approver.email);
    await expect(audit.filter({ hasText: 'promotion.auto_rollback' })).toContainText('Jensen–Shannon');
    await page.getByLabel('Target id').fill('');
    await page.getByLabel('Action starts with').fill('alias.auto_rollback');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(audit.first()).toContainText('canary regression');
    await page.getByLabel('Action starts with').fill('alert.fire');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(audit.filter({ hasText: model }).first()).toContainText(`canary v2 rolled back automatically`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an admin saves the policy (protected aliases included) and is told so; an engineer sees it read-only; the model page compares the running shadow', async ({ page }) => {
  test.setTimeout(120_000);
  const model = `e2e-policy-${Date.now()}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-e2e-policy-'));
  try {
    const v1 = await trainOnnx(dir, 'one', learnableCsv(200, 3));
    const v2 = await trainOnnx(dir, 'two', learnableCsv(200, 4));
    await signInAs(page, DEMO.admin);
    for (const bytes of [v1, v2]) {
      const res = await page.request.post(`/api/models/${model}/versions?filename=m.onnx`, { data: bytes, headers: { origin: ORIGIN, 'content-type': 'application/octet-stream' } });
      expect(res.status(), await res.text()).toBe(201);
    }
    await mutate(page, 'aliases.move', { model, alias: 'production', version: 1, reason: 'first release' });
    await mutate(page, 'aliases.move', { model, alias: 'shadow', version: 2, reason: 'compare v2 on live traffic' });

    // D16: saving says so, and keeps saying so after the changed policy is re-read (the form used
    // to be re-mounted by the refetch, which dropped the confirmation).
    await page.goto(`/promotions/policy?model=${model}`);
    const form = page.getByRole('form', { name: 'Promotion policy' });
    await expect(form.getByTestId('protected-aliases')).toHaveValue('production, canary');
    await form.getByLabel(/^Sensitive attributes/).fill('region');
    await form.getByLabel(/^Why this change/).fill('e2e: policy review');
    await form.getByRole('button', { name: 'Save policy' }).click();
    await expect(form.getByRole('status')).toContainText('Policy saved at');
    await page.waitForTimeout(1500);
    await expect(form.getByRole('status')).toContainText('the change is in the audit log');
    await page.reload();
    await expect(form.getByLabel(/^Sensitive attributes/)).toHaveValue('region');
    await signOut(page);

    // D16: read-only for an engineer, and it looks it.
    await signInAs(page, DEMO.engineer);
    await page.goto(`/promotions/policy?model=${model}`);
    await expect(form.getByText('Only an admin (policy.manage) changes the policy')).toBeVisible();
    await expect(form.getByRole('button', { name: 'Save policy' })).toHaveCount(0);
    const remove = form.getByRole('button', { name: 'Remove overall gate 1' });
    await expect(remove).toBeDisabled();
    await expect(remove).toHaveCSS('opacity', '0.5');
    await expect(remove).toHaveCSS('cursor', 'not-allowed');
    await expect(form.getByTestId('protected-aliases')).toBeDisabled();

    // The model page shows the shadow against production while it runs.
    await page.goto(`/models/${model}`);
    const shadow = page.getByTestId('shadow-panel');
    await expect(shadow.getByRole('heading', { name: 'Shadow v2 vs production' })).toBeVisible();
    await expect(shadow).toContainText('PENDING');
    await expect(shadow).toContainText('Score correlation');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
