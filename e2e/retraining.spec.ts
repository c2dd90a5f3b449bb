// Retraining in the browser: an engineer proposes a policy that trains on labelled predictions
// (the model has served none yet), an approver enables it and presses "Retrain now", and the
// attempt is refused before training with its reason — the count, the window and the minimum —
// and its evidence shows where the data would have come from. Small data: under two minutes.
import { expect, test } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, mutate, ORIGIN, query, signInAs, signOut } from './helpers';

test('a retrain on too few labelled predictions is refused with its reason, from the console', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const model = `e2e-retrain-${stamp}`;

  // Engineer: a production version trained here (small logistic regression).
  await signInAs(page, DEMO.engineer);
  const up = await page.request.post(`/api/datasets?name=${model}&filename=train.csv`, { data: Buffer.from(learnableCsv(300, 3)), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(up.status(), await up.text()).toBe(201);
  const run = await mutate<{ id: string }>(page, 'runs.start', { experiment: model, datasetVersionId: (await up.json()).version.id, target: 'y', trainer: 'logreg', params: { max_iter: 50 }, seed: 1 });
  await expect.poll(async () => (await query<{ run: { status: string } }>(page, 'runs.get', { id: run.id })).run.status, { timeout: 60_000, intervals: [1000] }).toBe('succeeded');
  await mutate(page, 'models.registerFromRun', { runId: run.id, model, tags: ['e2e'], card: '' });
  await mutate(page, 'aliases.move', { model, alias: 'production', version: 1, reason: 'retraining e2e' });

  // The engineer proposes: data built from 7 days of labelled predictions, at least 50 rows.
  await page.goto(`/models/${model}/retraining`);
  const form = page.getByRole('form', { name: 'Propose retraining policy' });
  await form.getByLabel('Training data').selectOption('predictions');
  await form.getByLabel('Window (days)').fill('7');
  await form.getByLabel('Minimum labelled rows').fill('50');
  await form.getByRole('button', { name: 'Propose' }).click();
  await expect(form.getByRole('status')).toContainText('Proposed: waiting for an approver');
  await expect(page.getByTestId('retrain-policy-status')).toContainText('proposed');
  await signOut(page);

  // The approver enables it (the second pair of eyes) and retrains now.
  await signInAs(page, DEMO.approver);
  await page.goto(`/models/${model}/retraining`);
  await expect(page.getByText('labelled predictions of the last 7 days')).toBeVisible();
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(page.getByTestId('retrain-policy-status')).toContainText('enabled · proposed by engineer@vigil.local · enabled by approver@vigil.local');
  await page.getByRole('button', { name: 'Retrain now' }).click();

  // Refused before training, with the reason; the row refreshes itself while the attempt runs.
  const row = page.getByTestId('retrain-attempt-row').first();
  await expect(row).toContainText('refused', { timeout: 60_000 });
  await expect(row.getByTestId('retrain-reason')).toContainText(`refused before training: 0 labelled predictions of ${model} in the 7-day window`);
  await expect(row.getByTestId('retrain-reason')).toContainText("below the policy's minimum of 50");
  await expect(row).toContainText('from predictions');
  await row.getByRole('button', { name: 'Evidence vs production' }).click();
  const evidence = page.getByTestId('retrain-evidence');
  await expect(evidence).toContainText(`Data: from predictions of model ${model}, versions none, window`);
  await expect(evidence).toContainText('No evaluation: the attempt was decided before one ran.');
});
