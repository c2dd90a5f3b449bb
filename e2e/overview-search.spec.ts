// The Overview page and the search box in the browser. Two served models: one healthy (production
// on v2), one degraded (a p50-latency rule at threshold 0 fires on any traffic, as in
// alerts.spec.ts; a drift rule would need 100 predictions in the window). The Overview shows
// each row's state, the version behind its alias and its open-alert count. Then a prediction id pasted into the search box (Ctrl-K) opens the
// prediction's page, whose chain leads to the training run and on to the dataset version.
import { expect, test, type Page } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, mutate, ORIGIN, predictRows, query, requestRows, runUntilFiring, signInAs } from './helpers';

type Predicted = { predictions: { prediction_id: string; model_version: number }[] };

async function trainRun(page: Page, experiment: string, datasetVersionId: string, seed: number) {
  const run = await mutate<{ id: string }>(page, 'runs.start', { experiment, datasetVersionId, target: 'y', trainer: 'logreg', params: { max_iter: 30 }, seed });
  await expect
    .poll(async () => (await query<{ run: { status: string } }>(page, 'runs.get', { id: run.id })).run.status, { timeout: 120_000, intervals: [1000] })
    .toBe('succeeded');
  return run.id;
}

test('Overview shows a healthy and a degraded model; a prediction id found by search leads to its run and dataset version', async ({ page, request, browser }) => {
  test.setTimeout(300_000);
  const stamp = Date.now();
  const healthy = `e2e-ov-calm-${stamp}`;
  const degraded = `e2e-ov-slow-${stamp}`;

  // Engineer: one small dataset, two runs; the healthy model serves v2, the degraded one v1.
  await signInAs(page, DEMO.engineer);
  const up = await page.request.post(`/api/datasets?name=e2e-ov-${stamp}&filename=train.csv`, { data: Buffer.from(learnableCsv(300, 5)), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(up.status(), await up.text()).toBe(201);
  const datasetVersionId = (await up.json()).version.id as string;
  const run1 = await trainRun(page, `e2e-ov-${stamp}`, datasetVersionId, 1);
  const run2 = await trainRun(page, `e2e-ov-${stamp}`, datasetVersionId, 2);
  await mutate(page, 'models.registerFromRun', { runId: run1, model: healthy, tags: ['e2e'], card: '' });
  await mutate(page, 'models.registerFromRun', { runId: run2, model: healthy, tags: ['e2e'], card: '' });
  await mutate(page, 'aliases.move', { model: healthy, alias: 'production', version: 2, reason: 'overview e2e' });
  await mutate(page, 'models.registerFromRun', { runId: run2, model: degraded, tags: ['e2e'], card: '' });
  await mutate(page, 'aliases.move', { model: degraded, alias: 'production', version: 1, reason: 'overview e2e' });

  // Admin: a serving key for both models, and a rule that fires on the degraded one only.
  const adminContext = await browser.newContext({ baseURL: ORIGIN });
  const admin = await adminContext.newPage();
  await signInAs(admin, DEMO.admin);
  const { key } = await mutate<{ key: string }>(admin, 'servingKeys.create', { name: `overview ${stamp}`, models: [healthy, degraded] });
  const traffic = requestRows(80, 43);
  await expect.poll(async () => (await predictRows(request, degraded, key, traffic.slice(0, 1))).status(), { timeout: 20_000, intervals: [300] }).toBe(200);
  const sent = await predictRows(request, degraded, key, traffic.slice(1, 60));
  expect(sent.status(), await sent.text()).toBe(200);
  const calm = await predictRows(request, healthy, key, traffic.slice(60));
  expect(calm.status(), await calm.text()).toBe(200);
  const calmBody = (await calm.json()) as Predicted;
  expect(calmBody.predictions[0].model_version).toBe(2);
  const predictionId = calmBody.predictions[0].prediction_id;

  await mutate(admin, 'monitoring.saveRule', {
    model: degraded, name: 'Any latency', metric: 'p50_latency_ms', threshold: 0,
    direction: 'above', windowMinutes: 15, minSamples: 1, severity: 'warning', enabled: true, feature: null,
  });
  await runUntilFiring(page, degraded, 'p50 latency');
  await adminContext.close();

  // Overview: one row per model, its state, alias → version and open alerts.
  await page.goto('/');
  const calmRow = page.getByTestId('fleet-row').filter({ has: page.getByRole('rowheader', { name: healthy, exact: true }) });
  const slowRow = page.getByTestId('fleet-row').filter({ has: page.getByRole('rowheader', { name: degraded, exact: true }) });
  await expect(calmRow.getByTestId('model-health')).toHaveText('healthy');
  await expect(calmRow.getByRole('link', { name: 'production v2' })).toHaveAttribute('href', `/models/${healthy}/versions/2`);
  await expect(calmRow.getByRole('cell').last()).toHaveText('0');
  await expect(slowRow.getByTestId('model-health')).toHaveText('degraded');
  await expect(slowRow.getByTestId('model-health')).toHaveAttribute('title', 'Firing: p50_latency_ms');
  await expect(slowRow.getByRole('link', { name: 'production v1' })).toHaveAttribute('href', `/models/${degraded}/versions/1`);
  await expect(slowRow.getByRole('cell').last()).toHaveText('1');

  // Search: predictions are logged in the background; wait until the id resolves, then use the box.
  await expect
    .poll(async () => (await query<{ kind: string }[]>(page, 'search.resolve', { q: predictionId })).map((h) => h.kind), { timeout: 30_000, intervals: [500] })
    .toContain('prediction');
  await page.keyboard.press('Control+k');
  const box = page.getByTestId('search-input');
  await expect(box).toBeFocused();
  await box.fill(predictionId);
  await expect(page.getByRole('option').filter({ hasText: `prediction of ${healthy}` })).toBeVisible();
  await box.press('Enter');
  await expect(page).toHaveURL(`/predictions/${predictionId}`);
  const trace = page.getByTestId('prediction-trace');
  await expect(trace).toContainText(predictionId);
  await expect(trace.getByTestId('trace-version')).toHaveText('v2');

  // The chain: run 2 (the one v2 came from), then its dataset version.
  await trace.getByTestId('trace-run').click();
  await expect(page).toHaveURL(`/runs/${run2}`);
  await expect(page.getByRole('heading', { name: 'Run', exact: true })).toBeVisible();
  await expect(page.locator('dt:text-is("Seed") + dd')).toHaveText('2');
  await expect(page.getByTestId('run-dataset-version')).toContainText(`e2e-ov-${stamp}@`);
  await page.getByTestId('run-dataset-version').click();
  await expect(page).toHaveURL(`/datasets/versions/${datasetVersionId}`);
  await expect(page.getByTestId('version-sha256')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByRole('heading', { name: new RegExp(`^e2e-ov-${stamp} @[0-9a-f]+`) })).toBeVisible();
});
