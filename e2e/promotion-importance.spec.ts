// Feature importance on a promotion request's page: before either version has it, the page names
// both versions and where to compute it; once an engineer computed both, one row per input with
// the candidate's and the incumbent's figures, the candidate's most important input first.
import { expect, test, type Page } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, mutate, ORIGIN, query, signInAs } from './helpers';

type Importance = { inputs: { input: string; importance: number }[] };

async function trainRun(page: Page, experiment: string, datasetVersionId: string, seed: number) {
  const run = await mutate<{ id: string }>(page, 'runs.start', { experiment, datasetVersionId, target: 'y', trainer: 'logreg', params: { max_iter: 30 }, seed });
  await expect
    .poll(async () => (await query<{ run: { status: string } }>(page, 'runs.get', { id: run.id })).run.status, { timeout: 120_000, intervals: [1000] })
    .toBe('succeeded');
  return run.id;
}

test('a promotion request compares candidate and incumbent feature importance, or says how to compute it', async ({ page }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const model = `e2e-imp-${stamp}`;
  await signInAs(page, DEMO.engineer);
  const up = await page.request.post(`/api/datasets?name=${model}&filename=train.csv`, { data: Buffer.from(learnableCsv(300, 6)), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(up.status(), await up.text()).toBe(201);
  const datasetVersionId = (await up.json()).version.id as string;
  const run1 = await trainRun(page, model, datasetVersionId, 1);
  const run2 = await trainRun(page, model, datasetVersionId, 2);
  await mutate(page, 'models.registerFromRun', { runId: run1, model, tags: ['e2e'], card: '' });
  await mutate(page, 'models.registerFromRun', { runId: run2, model, tags: ['e2e'], card: '' });
  await mutate(page, 'aliases.move', { model, alias: 'production', version: 1, reason: 'importance e2e' });
  const req = await mutate<{ id: string }>(page, 'promotions.request', { model, version: 2, note: 'compare importance' });

  await page.goto(`/promotions/${req.id}`);
  const panel = page.getByTestId('importance-comparison');
  await expect(panel.getByTestId('importance-missing')).toContainText('Not computed yet for v2 and v1');
  await expect(panel.getByTestId('importance-missing').getByRole('link', { name: 'v1' })).toHaveAttribute('href', `/models/${model}/versions/1`);

  const cand = await mutate<Importance>(page, 'models.computeImportance', { name: model, version: 2 });
  await page.reload();
  await expect(panel.getByTestId('importance-missing')).toContainText('Not computed yet for v1.');
  await mutate<Importance>(page, 'models.computeImportance', { name: model, version: 1 });
  await page.reload();
  const rows = panel.getByTestId('importance-compare-row');
  await expect(rows).toHaveCount(cand.inputs.length);
  await expect(panel.getByTestId('importance-missing')).toHaveCount(0);
  const top = [...cand.inputs].sort((a, b) => b.importance - a.importance)[0].input;
  await expect(rows.first().getByRole('rowheader')).toHaveText(top);
  await expect(panel.getByRole('columnheader', { name: 'Candidate v2' })).toBeVisible();
  await expect(panel.getByRole('columnheader', { name: 'Incumbent v1' })).toBeVisible();
  await expect(panel).toContainText('on the same data.');
});
