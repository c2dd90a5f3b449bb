// Alerts and On-call in the browser: an engineer serves a logistic regression, traffic arrives
// and On-call shows the model healthy. A rule (an admin's) on a drift figure fires (the model turns
// "drifting"); the engineer acknowledges it with a note and silences it for 30 minutes, and
// both show on the alert. A rule on latency fires next and the model turns "degraded" (degraded
// wins over drifting). Rules are set low enough that ordinary traffic crosses them: what is
// tested here is the console's handling of alerts, not the figures (integration tests do those).
import { expect, test } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, mutate, nav, ORIGIN, predictRows, query, requestRows, runUntilFiring, signInAs } from './helpers';

test('acknowledge and silence an alert; On-call shows healthy, drifting, then degraded', async ({ page, request, browser }) => {
  test.setTimeout(480_000);
  const stamp = Date.now();
  const model = `e2e-alerts-${stamp}`;

  // Engineer: upload, train, register, promote.
  await signInAs(page, DEMO.engineer);
  const up = await page.request.post(`/api/datasets?name=${model}&filename=train.csv`, { data: Buffer.from(learnableCsv(600, 3)), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(up.status(), await up.text()).toBe(201);
  const datasetVersionId = (await up.json()).version.id as string;
  const run = await mutate<{ id: string }>(page, 'runs.start', { experiment: model, datasetVersionId, target: 'y', trainer: 'logreg', params: { max_iter: 50 }, seed: 1 });
  await expect
    .poll(async () => (await query<{ run: { status: string } }>(page, 'runs.get', { id: run.id })).run.status, { timeout: 120_000, intervals: [1000] })
    .toBe('succeeded');
  await mutate(page, 'models.registerFromRun', { runId: run.id, model, tags: ['e2e'], card: '' });
  await mutate(page, 'aliases.move', { model, alias: 'production', version: 1, reason: 'alerts e2e' });

  // Admin (in a second browser context): a serving key, later the rules (policy.manage); clients send ordinary traffic.
  const adminContext = await browser.newContext({ baseURL: ORIGIN });
  const admin = await adminContext.newPage();
  await signInAs(admin, DEMO.admin);
  const { key } = await mutate<{ key: string }>(admin, 'servingKeys.create', { name: `${model} client`, models: [model] });
  const traffic = requestRows(300, 41);
  await expect.poll(async () => (await predictRows(request, model, key, traffic.slice(0, 1))).status(), { timeout: 20_000, intervals: [300] }).toBe(200);
  const sent = await predictRows(request, model, key, traffic.slice(1));
  expect(sent.status(), await sent.text()).toBe(200);

  // On-call: served, nothing firing → healthy.
  await nav(page, 'On-call');
  const row = page.getByTestId(`on-call-row-${model}`);
  await expect(row.getByTestId('on-call-state')).toHaveText('healthy');

  // A rule on prediction drift at or above 0 fires on any scored window: the model drifts.
  const base = { model, direction: 'above', windowMinutes: 15, minSamples: 1, severity: 'warning', enabled: true, feature: null };
  await mutate(admin, 'monitoring.saveRule', { ...base, name: 'Any prediction drift', metric: 'prediction_drift', threshold: 0 });
  const drift = await runUntilFiring(page, model, 'prediction drift PSI');

  // Acknowledge with a note.
  await drift.getByRole('button', { name: 'Acknowledge' }).click();
  const form = drift.getByRole('form', { name: 'Acknowledge alert' });
  await form.getByLabel('Note').fill('looking into the score shift');
  await form.getByRole('button', { name: 'Confirm acknowledge' }).click();
  await expect(drift.getByTestId('alert-acknowledged')).toContainText(`Acknowledged by ${DEMO.engineer.email}`);
  await expect(drift.getByTestId('alert-acknowledged')).toContainText('looking into the score shift');
  await expect(drift.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

  // Silence it for 30 minutes: shown with its end and author; it can be lifted.
  await drift.getByRole('button', { name: 'Silence 30 min' }).click();
  await expect(drift.getByTestId('alert-silenced')).toContainText('Silenced until');
  await expect(drift.getByTestId('alert-silenced')).toContainText(`by ${DEMO.engineer.email} (no webhooks)`);
  await expect(drift.getByRole('button', { name: 'Lift silence' })).toBeVisible();
  // Both are kept after a reload (from the server, not the page's state).
  await page.reload();
  const again = page.getByRole('list', { name: 'Open alerts' }).getByTestId('alert-firing').filter({ hasText: 'prediction drift PSI' });
  await expect(again.getByTestId('alert-acknowledged')).toContainText('looking into the score shift');
  await expect(again.getByTestId('alert-silenced')).toBeVisible();

  await nav(page, 'On-call');
  await expect(row.getByTestId('on-call-state')).toContainText('drifting');
  await expect(row.getByTestId('on-call-state')).toContainText('prediction_drift alert firing');

  // A latency rule at or above 0 ms fires too: degraded wins over drifting.
  await mutate(admin, 'monitoring.saveRule', { ...base, name: 'Any latency', metric: 'p50_latency_ms', threshold: 0 });
  await runUntilFiring(page, model, 'p50 latency');
  await nav(page, 'On-call');
  await expect(row.getByTestId('on-call-state')).toContainText('degraded');
  await expect(row.getByTestId('on-call-state')).toContainText('p50_latency_ms alert firing');
  await adminContext.close();
});
