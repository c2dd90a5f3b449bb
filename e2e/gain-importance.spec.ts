// Gain importance (issue 18): a GBDT version's page shows the total split gain per raw input,
// labelled as GBDT gain, beside the permutation importance; the one-hot input is one row.
import { expect, test } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, mutate, ORIGIN, query, signInAs } from './helpers';

test('a GBDT version page shows gain importance per input next to permutation importance', async ({ page }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const model = `e2e-gain-${stamp}`;
  await signInAs(page, DEMO.admin);
  const up = await page.request.post(`/api/datasets?name=e2e-gain-${stamp}&filename=train.csv`, { data: Buffer.from(learnableCsv(500, 8)), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(up.status(), await up.text()).toBe(201);
  const dv = (await up.json()).version as { id: string };
  const run = await mutate<{ id: string }>(page, 'runs.start', { experiment: `e2e-gain-${stamp}`, datasetVersionId: dv.id, target: 'y', trainer: 'gbdt', params: { n_trees: 20, max_depth: 3 }, seed: 1 });
  await expect.poll(async () => (await query<{ run: { status: string } }>(page, 'runs.get', { id: run.id })).run.status, { timeout: 120_000, intervals: [1000] }).toBe('succeeded');
  await mutate(page, 'models.registerFromRun', { runId: run.id, model });

  await page.goto(`/models/${model}/versions/1`);
  const gain = page.getByTestId('gain-importance');
  await expect(gain.getByRole('heading', { name: 'Total gain (GBDT)' })).toBeVisible();
  await expect(gain.getByTestId('gain-row')).toHaveCount(3);
  await expect(gain.getByTestId('gain-row').first()).toContainText('x1');
  await expect(gain.getByTestId('gain-row').filter({ hasText: 'region' })).toContainText('(3 columns)');
  await expect(page.getByRole('heading', { name: /Permutation/ })).toBeVisible();
});
