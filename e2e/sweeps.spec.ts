// A sweep in the browser: started over tRPC (as the CLI does), its page lists the runs with
// their params and metric, marks the best one once they finish, charts a param against the
// metric, and links to and from the experiment and the runs.
import { expect, test } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, ORIGIN, signInAs } from './helpers';

test('a two-point logreg sweep: runs, best run, chart and links', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, DEMO.engineer);
  const up = await page.request.post(`/api/datasets?name=e2e-sweep-${Date.now()}&filename=train.csv`, { data: Buffer.from(learnableCsv(600, 3)), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(up.status(), await up.text()).toBe(201);
  const versionId = ((await up.json()) as { version: { id: string } }).version.id;
  const experiment = `e2e-sweep-${Date.now()}`;
  const res = await page.request.post('/api/trpc/sweeps.start', {
    data: { json: { experiment, datasetVersionId: versionId, target: 'y', trainer: 'logreg', space: { l2: [0.1, 5000] }, metric: 'log_loss', seed: 1 } },
    headers: { origin: ORIGIN },
  });
  expect(res.status(), await res.text()).toBe(200);
  const sweepId = ((await res.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

  await page.goto(`/sweeps/${sweepId}`);
  await expect(page.getByText('validation log_loss (lower is better)')).toBeVisible();
  await expect(page.getByTestId('sweep-status')).toContainText('finished (2 succeeded)', { timeout: 150_000 });
  // l2 5000 shrinks every probability to the base rate: the l2 0.1 run is best.
  const best = page.getByTestId('sweep-best-run');
  await expect(best).toHaveCount(1);
  await expect(best.getByRole('cell').nth(1)).toHaveText('0.1');
  await expect(best).toContainText('best');
  await expect(page.getByRole('figure', { name: 'l2 against validation log_loss' })).toBeVisible();

  // The best run's page links back to the sweep; the experiment page lists it.
  await best.getByRole('link').click();
  await expect(page).toHaveURL(/\/runs\//);
  const runUrl = page.url();
  await page.getByRole('link', { name: 'hyper-parameter sweep' }).click();
  await expect(page).toHaveURL(new RegExp(`/sweeps/${sweepId}$`));
  await page.getByRole('link', { name: experiment }).click();
  await expect(page.getByRole('region', { name: 'Sweeps' }).getByRole('link', { name: /logreg grid sweep of 2 runs, best by log_loss/ })).toBeVisible();

  // From the console: "Sweep from this run" opens with a grid around one of the run's params;
  // bad JSON is refused in the page, a param the trainer does not take by the server (named),
  // and a valid space starts a sweep of the run's trainer and data.
  await page.goto(runUrl);
  await page.getByTestId('sweep-from-run').getByText('Sweep from this run').click();
  const form = page.getByRole('form', { name: 'Start a sweep' });
  const space = form.getByLabel(/Search space/);
  await expect(space).toHaveValue(/"l2":\[/);
  await space.fill('{"l2": [0.1,');
  await form.getByRole('button', { name: 'Start sweep' }).click();
  await expect(form.getByRole('alert')).toContainText('search space: not JSON');
  await space.fill('{"no_such_param": [1, 2]}');
  await form.getByRole('button', { name: 'Start sweep' }).click();
  await expect(form.getByRole('alert')).toContainText('no_such_param');
  await space.fill('{"l2": [0.5, 2]}');
  await form.getByLabel('Best by (validation)').selectOption('auc');
  await form.getByRole('button', { name: 'Start sweep' }).click();
  await expect(page).toHaveURL(/\/sweeps\/[0-9a-f-]{36}$/);
  expect(page.url()).not.toContain(sweepId);
  await expect(page.getByText('validation auc (higher is better)')).toBeVisible();
});
