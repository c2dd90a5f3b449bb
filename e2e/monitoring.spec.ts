// The acceptance path of monitoring, in the browser: an engineer trains a logistic regression on
// an uploaded CSV, registers it and promotes it to production; an admin creates a serving key;
// clients send 200 ordinary rows and 200 with x1 and x2 shifted by +6. Monitoring (run on demand
// from the console) detects the input drift on its own, the console-wide banner says so, and
// the admin follows it: banner → the model's monitoring view → the alert → the histogram of the
// drifted feature x1, reference vs current.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, mutate, nav, ORIGIN, query, SERVE, signInAs, signOut } from './helpers';

type Row = { x1: number; x2: number | null; region: string };

/** Rows of learnableCsv (the training distribution), optionally with x1 and x2 moved by `shift`. */
function rows(n: number, seed: number, shift = 0): Row[] {
  return learnableCsv(n, seed)
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [x1, x2, region] = line.split(',');
      return { x1: Number(x1) + shift, x2: x2 === '' ? null : Number(x2) + shift, region };
    });
}

async function predict(request: APIRequestContext, model: string, key: string, body: Row[]) {
  return request.post(`${SERVE}/v1/models/${model}/predict`, { headers: { authorization: `Bearer ${key}` }, data: { rows: body } });
}

test('monitoring detects shifted inputs on its own; the banner leads to the alert and the drifted feature', async ({ page, request }) => {
  test.setTimeout(420_000);
  const stamp = Date.now();
  const model = `e2e-monitor-${stamp}`;

  // Engineer: upload, train, register, promote.
  await signInAs(page, DEMO.engineer);
  const up = await page.request.post(`/api/datasets?name=e2e-monitor-${stamp}&filename=train.csv`, { data: Buffer.from(learnableCsv(600, 3)), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(up.status(), await up.text()).toBe(201);
  const datasetVersionId = (await up.json()).version.id as string;
  const run = await mutate<{ id: string }>(page, 'runs.start', { experiment: `e2e-monitor-${stamp}`, datasetVersionId, target: 'y', trainer: 'logreg', params: { max_iter: 50 }, seed: 1 });
  await expect
    .poll(async () => (await query<{ run: { status: string } }>(page, 'runs.get', { id: run.id })).run.status, { timeout: 120_000, intervals: [1000] })
    .toBe('succeeded');
  await mutate(page, 'models.registerFromRun', { runId: run.id, model, tags: ['e2e'], card: '' });
  await mutate(page, 'aliases.move', { model, alias: 'production', version: 1, reason: 'monitoring e2e' });

  // The engineer finds the model on the monitoring page (nothing measured yet).
  await nav(page, 'Monitoring');
  await page.getByLabel('Model', { exact: true }).selectOption(model);
  await expect(page).toHaveURL(new RegExp(`model=${model}`));
  await expect(page.getByRole('button', { name: 'Run monitoring now' })).toBeVisible();
  await signOut(page);

  // Admin: a serving key for the model (Settings → Serving keys).
  await signInAs(page, DEMO.admin);
  await nav(page, 'Settings');
  const keyForm = page.getByRole('form', { name: 'Create serving key' });
  await keyForm.getByLabel('Key name').fill(`${model} client`);
  await keyForm.getByLabel('Models', { exact: true }).selectOption([model]);
  await keyForm.getByRole('button', { name: 'Create serving key' }).click();
  const key = await page.getByTestId('new-serving-key').getByLabel('New serving key').inputValue();
  expect(key).toMatch(/^vsk_/);

  // Clients: 200 ordinary rows (once serving has loaded production), then 200 shifted ones.
  const normal = rows(200, 41);
  await expect.poll(async () => (await predict(request, model, key, normal.slice(0, 1))).status(), { timeout: 20_000, intervals: [300] }).toBe(200);
  const a = await predict(request, model, key, normal.slice(1));
  expect(a.status(), await a.text()).toBe(200);
  const b = await predict(request, model, key, rows(200, 42, 6));
  expect(b.status(), await b.text()).toBe(200);
  expect((await b.json()).predictions).toHaveLength(200);

  // Monitoring rolls up complete minutes only (about a minute behind): run it now and again
  // every 10 s until the drift alert fires and the console-wide banner shows it.
  await page.goto(`/monitoring?model=${model}&window=15m`);
  const banner = page.getByTestId('alert-banner');
  const runNow = page.getByRole('button', { name: 'Run monitoring now' });
  const started = Date.now();
  while (!(await banner.filter({ hasText: 'input drift' }).isVisible())) {
    expect(Date.now() - started, 'the drift alert did not fire within 4 minutes').toBeLessThan(240_000);
    await runNow.click();
    await expect(page.getByRole('status').filter({ hasText: 'Monitoring pass queued' })).toBeVisible();
    await page.waitForTimeout(10_000);
  }
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(banner).toContainText(/\d+ alerts? firing — input drift: 2 of 3 features drifted/);
  await expect(banner).toContainText('x1, x2');

  // Follow it from another page: banner → monitoring of the model → the alert → x1's histogram.
  await nav(page, 'Models');
  await banner.getByRole('link', { name: /alerts? firing/ }).click();
  await expect(page).toHaveURL(new RegExp(`/monitoring\\?model=${model}`));
  const open = page.getByRole('list', { name: 'Open alerts' });
  const alert = open.getByTestId('alert-firing').filter({ hasText: 'input drift: 2 of 3 features drifted' });
  await expect(alert).toContainText('critical');
  await expect(alert).toContainText('firing since');
  await expect(page.getByTestId('tile-drift')).toContainText('2 of 3');
  await expect(page.getByTestId('drift-row-x1')).toContainText('drifted');
  await expect(page.getByTestId('drift-row-region')).not.toContainText('drifted');
  await expect(page.getByTestId('tile-estimated-auc')).toContainText('estimate (no labels)');

  await alert.getByRole('link', { name: 'Histogram of x1' }).click();
  await expect(page).toHaveURL(/feature=x1/);
  const detail = page.locator('#feature-detail');
  await expect(detail.getByRole('heading', { name: 'Feature detail: x1' })).toBeVisible();
  await expect(detail.getByTestId('feature-detail-summary')).toContainText('drifted');
  const hist = detail.getByRole('figure', { name: 'Reference vs current: x1' });
  await expect(hist.getByRole('list', { name: 'Reference vs current: x1 legend' })).toContainText('reference (training data)');
  await expect(hist.getByRole('list', { name: 'Reference vs current: x1 legend' })).toContainText('current window');
  await expect(hist.locator('path.recharts-rectangle').first()).toBeVisible();
  // The top bin holds a tenth of the reference; most shifted rows (x1 + 6) land there, so it
  // holds far more of the current window.
  const table = hist.getByRole('table');
  const last = table.getByRole('row').last();
  const [refPct, curPct] = (await last.getByRole('cell').allTextContents()).map((t) => Number.parseFloat(t));
  expect(curPct).toBeGreaterThan(refPct + 20);

  // The charts of the window are drawn: drift with its threshold, traffic.
  await expect(page.getByRole('figure', { name: 'Drift score over time' }).getByRole('list')).toContainText('threshold 0.1');
  await expect(page.getByRole('figure', { name: 'Drift score over time' }).getByRole('list')).toContainText('x1');
  await expect(page.getByRole('figure', { name: /^Traffic per/ }).locator('path.recharts-rectangle').first()).toBeVisible();
  // Slices by region (a categorical input) and the default rules.
  await page.getByLabel('Slice column').selectOption('region');
  await expect(page.getByTestId('slice-row')).toHaveCount(3);
  await expect(page.getByTestId('rule-row').filter({ hasText: 'Input drift: half the features drifted' })).toContainText('drift_share');
});
