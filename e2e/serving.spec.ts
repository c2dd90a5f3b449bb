// The acceptance path of serving, in the browser: two ONNX versions built by the offline CLI are
// uploaded, an admin creates a serving key, an engineer releases v1 from the model page (the first
// release of production is direct) and is refused a direct move of protected production to v2
// (the form explains and links to a promotion request; the server answers 403 saying how), an
// admin breaks glass with a reason (alerted, marked), clients get v2, the on-call screen shows the
// break-glass and rolls back to the last good version with a reason, clients get v1 again within
// seconds, and the model page (recent predictions, alias history) and the audit log show it all.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, nav, ORIGIN, SERVE, signInAs, signOut } from './helpers';

const run = promisify(execFile);
/** Trains with the offline CLI and returns the ONNX bytes. */
async function trainOnnx(dir: string, csv: string, trainer: 'logreg' | 'gbdt', params?: Record<string, number>): Promise<Buffer> {
  const out = path.join(dir, trainer);
  const args = ['train', '--data', csv, '--target', 'y', '--trainer', trainer, '--seed', '1', '--out', out, '--json'];
  if (params) args.push('--params', JSON.stringify(params));
  const { stdout } = await run('./bin/vigil', args, { cwd: process.cwd(), timeout: 60_000 });
  expect(JSON.parse(stdout).artifact_sha256).toMatch(/^[0-9a-f]{64}$/);
  return readFile(path.join(out, 'model.onnx'));
}

async function predict(request: APIRequestContext, model: string, key: string, i: number) {
  const res = await request.post(`${SERVE}/v1/models/${model}/predict`, {
    headers: { authorization: `Bearer ${key}` },
    data: { rows: [{ x1: (i % 7) - 3, x2: 1.5, region: ['north', 'south', 'east'][i % 3] }] },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { model_version: number; predictions: { prediction_id: string; model_version: number; score: number; label: number }[] };
}

/** Sends predictions until the serving process answers with `version` (hot swap after an alias move). */
async function predictUntilVersion(request: APIRequestContext, model: string, key: string, version: number, timeoutMs: number) {
  const started = Date.now();
  let last: number | null = null;
  for (let i = 0; Date.now() - started < timeoutMs; i++) {
    const body = await predict(request, model, key, i);
    last = body.model_version;
    expect(body.predictions[0].score).toBeGreaterThanOrEqual(0);
    expect(body.predictions[0].score).toBeLessThanOrEqual(1);
    if (last === version) return { body, ms: Date.now() - started };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`serving still answers v${last} after ${timeoutMs} ms; expected v${version}`);
}

async function promote(page: Page, version: number, reason: string) {
  const form = page.getByRole('form', { name: 'Promote a version' });
  await form.getByLabel('Version').selectOption(String(version));
  await form.getByLabel('Alias').selectOption('production');
  await form.getByLabel('Reason').fill(reason);
  await form.getByRole('button', { name: 'Promote' }).click();
  await expect(form.getByRole('status')).toHaveText(`production now points to v${version}.`);
  await expect(page.getByTestId('alias-production')).toContainText(`v${version}`);
}

test('admin creates a serving key; an engineer releases v1 and is refused v2 (protected); an admin breaks glass; on-call rolls back to v1; the console shows it all', async ({ page, request }) => {
  test.setTimeout(240_000);
  const model = `e2e-serve-${Date.now()}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-e2e-serve-'));
  try {
    const csv = path.join(dir, 'train.csv');
    await writeFile(csv, learnableCsv(300, 7));
    const v1Bytes = await trainOnnx(dir, csv, 'logreg');
    const v2Bytes = await trainOnnx(dir, csv, 'gbdt', { n_trees: 10, max_depth: 3 });

    await signInAs(page, DEMO.admin);
    for (const [bytes, v] of [
      [v1Bytes, 1],
      [v2Bytes, 2],
    ] as const) {
      const res = await page.request.post(`/api/models/${model}/versions?filename=m.onnx`, { data: bytes, headers: { origin: ORIGIN, 'content-type': 'application/octet-stream' } });
      expect(res.status(), await res.text()).toBe(201);
      expect((await res.json()).version.version).toBe(v);
    }

    // A serving key scoped to this model, shown once.
    await nav(page, 'Settings');
    const keyForm = page.getByRole('form', { name: 'Create serving key' });
    await keyForm.getByLabel('Key name').fill(`${model} client`);
    await keyForm.getByLabel('Models', { exact: true }).selectOption([model]);
    await keyForm.getByRole('button', { name: 'Create serving key' }).click();
    const shown = page.getByTestId('new-serving-key');
    await expect(shown).toContainText('it will not be shown again');
    const key = await shown.getByLabel('New serving key').inputValue();
    expect(key).toMatch(/^vsk_[0-9a-f]{12}_/);
    await expect(page.getByTestId(`serving-key-row-${model} client`)).toContainText(model);

    // Not served before a production alias exists.
    const before = await request.post(`${SERVE}/v1/models/${model}/predict`, { headers: { authorization: `Bearer ${key}` }, data: { rows: [{ x1: 0, x2: 1, region: 'north' }] } });
    expect(before.status()).toBe(404);

    // An engineer releases v1 from the model page (production's first release is direct)…
    await signOut(page);
    await signInAs(page, DEMO.engineer);
    await page.goto(`/models/${model}`);
    await expect(page.getByTestId('alias-production')).toContainText('not set');
    await promote(page, 1, 'first release');
    // …but production is now protected: the form says how to request a promotion and will not promote.
    const form = page.getByRole('form', { name: 'Promote a version' });
    await form.getByLabel('Version').selectOption('2');
    await form.getByLabel('Alias').selectOption('production');
    await expect(form.getByTestId('protected-alias-note')).toContainText('production is protected');
    await expect(form.getByRole('link', { name: 'Request a promotion' })).toHaveAttribute('href', `/promotions?model=${model}&version=2`);
    await expect(form.getByRole('button', { name: 'Promote' })).toBeDisabled();
    await expect(form.getByRole('checkbox', { name: /Break glass/ })).toHaveCount(0);
    const refused = await page.request.post('/api/trpc/aliases.move', { data: { json: { model, alias: 'production', version: 2, reason: 'direct', expectedVersion: 1 } }, headers: { origin: ORIGIN } });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('vigil request-promotion');
    await signOut(page);

    // An admin breaks glass: a written reason, a critical alert, the move marked.
    await signInAs(page, DEMO.admin);
    await page.goto(`/models/${model}`);
    await form.getByLabel('Version').selectOption('2');
    await form.getByLabel('Alias').selectOption('production');
    const glass = form.getByRole('button', { name: 'Break glass: move production' });
    await expect(glass).toBeDisabled();
    await form.getByRole('checkbox', { name: /Break glass/ }).check();
    await form.getByLabel(/^Reason/).fill('incident 12: v1 mis-scores north');
    await glass.click();
    await expect(form.getByRole('status')).toHaveText('production now points to v2 (break-glass: a critical alert fired).');
    await expect(page.getByTestId('alias-production')).toContainText('v2');
    await expect(page.getByTestId('alias-move-row').first()).toContainText('break-glass');
    await predictUntilVersion(request, model, key, 2, 15_000);
    for (let i = 0; i < 5; i++) expect((await predict(request, model, key, i)).model_version).toBe(2);
    await signOut(page);
    await signInAs(page, DEMO.engineer);

    // On-call: one click (plus a reason) rolls production back to v1.
    await nav(page, 'On-call');
    const row = page.getByTestId(`on-call-row-${model}`);
    await expect(row.getByTestId('on-call-production')).toHaveText('v2');
    await expect(row.getByTestId('on-call-break-glass')).toContainText('incident 12: v1 mis-scores north');
    const rollbackButton = row.getByRole('button', { name: /^Roll back to v1/ });
    // The dialog takes focus and Escape closes it without rolling back.
    await rollbackButton.click();
    const dialog = page.getByRole('dialog', { name: `Roll back ${model}` });
    await expect(dialog.getByLabel('Reason (required)')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await rollbackButton.click();
    await expect(dialog.getByTestId('rollback-target')).toContainText('from v2 back to v1, the last good version');
    await expect(dialog.getByRole('button', { name: 'Roll back to v1' })).toBeDisabled();
    await dialog.getByLabel('Reason (required)').fill('v2 scores drift on north region');
    await dialog.getByRole('button', { name: 'Roll back to v1' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row.getByTestId('on-call-production')).toHaveText('v1');

    const back = await predictUntilVersion(request, model, key, 1, 10_000);
    const lastId = back.body.predictions[0].prediction_id;
    // Feedback for the newest prediction shows on the model page.
    const fb = await request.post(`${SERVE}/v1/feedback`, { headers: { authorization: `Bearer ${key}` }, data: { labels: [{ prediction_id: lastId, label: 1 }] } });
    expect(fb.status(), await fb.text()).toBe(200);
    expect((await fb.json()).accepted).toBe(1);

    // The model page: recent predictions of both versions, newest first and from v1.
    await page.goto(`/models/${model}`);
    const recent = page.getByRole('table', { name: `Recent predictions of ${model}, newest first` });
    await expect(recent.getByTestId('prediction-version').first()).toHaveText('v1', { timeout: 20_000 });
    await expect(recent.getByTestId('prediction-version').filter({ hasText: 'v2' }).first()).toBeVisible();
    await expect(recent.getByTestId('prediction-row').first()).toContainText('production');
    await expect(recent.getByTestId('prediction-row').first().getByRole('cell').last()).toHaveText('1', { timeout: 15_000 });
    // The traffic panel reads the per-minute rollups: the monitoring pass ("Run now") writes them.
    const pass = await page.request.post('/api/trpc/monitoring.runNow', { data: { json: null }, headers: { origin: ORIGIN } });
    expect(pass.status(), await pass.text()).toBe(200);
    await expect(page.getByTestId('traffic-total')).toContainText('online predictions in the last hour', { timeout: 30_000 });
    await expect(page.getByRole('figure', { name: 'Predictions per minute' }).getByRole('list')).toContainText('v2 production');

    // Alias history: the rollback on top, with its reason.
    const history = page.getByTestId('alias-move-row');
    await expect(history).toHaveCount(3);
    await expect(history.first()).toContainText('rollback');
    await expect(history.first()).toContainText('v2 → v1');
    await expect(history.first()).toContainText('v2 scores drift on north region');
    await expect(history.first()).toContainText(DEMO.engineer.email);

    // The audit log lists the rollback.
    await nav(page, 'Audit');
    await page.getByLabel('Action starts with').fill('alias.rollback');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.getByTestId('audit-row').first()).toContainText('alias.rollback');
    await expect(page.getByTestId('audit-row').first()).toContainText('v2 scores drift on north region');

    // v2 was rolled back from: there is no earlier good version to return to, and it is said.
    await nav(page, 'On-call');
    await expect(row.getByTestId('on-call-production')).toHaveText('v1');
    await expect(row.getByRole('button', { name: /^Roll back/ })).toBeDisabled();
    await expect(row).toContainText('No earlier good production version to return to.');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an engineer batch-scores a dataset version with a model version and downloads the scores', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const model = `e2e-batch-${stamp}`;
  const dataset = `e2e-batch-data-${stamp}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-e2e-batch-'));
  try {
    const text = learnableCsv(120, 3);
    const csv = path.join(dir, 'train.csv');
    await writeFile(csv, text);
    const onnx = await trainOnnx(dir, csv, 'logreg');

    await signInAs(page, DEMO.engineer);
    const ds = await page.request.post(`/api/datasets?name=${dataset}&filename=score.csv`, { data: Buffer.from(text), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
    expect(ds.status(), await ds.text()).toBe(201);
    const up = await page.request.post(`/api/models/${model}/versions?filename=m.onnx`, { data: onnx, headers: { origin: ORIGIN, 'content-type': 'application/octet-stream' } });
    expect(up.status(), await up.text()).toBe(201);

    await page.goto(`/models/${model}`);
    const form = page.getByRole('form', { name: 'Start batch scoring' });
    await form.getByLabel('Dataset', { exact: true }).selectOption(dataset);
    await expect(form.getByLabel('Dataset version')).toBeEnabled();
    await form.getByLabel('Model version').selectOption('1');
    await form.getByRole('button', { name: 'Start scoring' }).click();
    const row = page.getByTestId('batch-row').first();
    await expect(row).toContainText('succeeded', { timeout: 60_000 });
    await expect(row.getByRole('cell').nth(3)).toHaveText('120');
    await expect(row.getByRole('cell').nth(4)).toHaveText('0');
    const href = await row.getByRole('link', { name: 'Download scores CSV' }).getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(121);
    expect(lines[0]).toContain('score');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
