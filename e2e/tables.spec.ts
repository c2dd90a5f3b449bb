// The console as a daily tool (issue 18): the runs table pages, sorts and filters hundreds of
// runs on the server, and its state lives in the URL (it survives a reload); a version page
// shows permutation feature importance; a run page shows its fitted statistics. The main pages
// are screenshotted at 1440×900 into this test's output folder.
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, mutate, ORIGIN, query, signInAs } from './helpers';

/** Hundreds of runs in one INSERT (not hundreds of trainings): varied status, trainer, AUC and age. */
async function seedRuns(experiment: string, datasetVersionId: string, n: number) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const exp = await client.query<{ id: string }>('INSERT INTO experiments (name) VALUES ($1) RETURNING id', [experiment]);
    await client.query(
      `INSERT INTO runs (experiment_id, name, status, dataset_version_id, target, trainer, params, seed, metrics, created_at)
       SELECT $1, 'bulk-' || lpad(i::text, 4, '0'),
              (ARRAY['queued','running','succeeded','failed','cancelled'])[1 + i % 5],
              $2, 'y', CASE WHEN i % 3 = 0 THEN 'gbdt' ELSE 'logreg' END, '{}'::jsonb, i,
              jsonb_build_object('validation', jsonb_build_object('metrics', jsonb_build_object('auc', 0.5 + ((i * 37) % 100) / 1000.0))),
              now() - make_interval(mins => $3 - i)
       FROM generate_series(0, $3 - 1) AS i`,
      [exp.rows[0].id, datasetVersionId, n],
    );
    return exp.rows[0].id;
  } finally {
    await client.end();
  }
}

const range = (page: Page) => page.getByTestId('table-range');
const firstRun = (page: Page) => page.getByTestId('run-row').first().getByTestId('run-link');

test('the runs table pages, sorts and filters 300 runs, and keeps its state across a reload; importance and fitted statistics show', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const stamp = Date.now();
  const model = `e2e-tables-${stamp}`;
  await signInAs(page, DEMO.admin);

  // One real run (for the run page and a model version), then 300 seeded ones.
  const up = await page.request.post(`/api/datasets?name=e2e-tables-${stamp}&filename=train.csv`, { data: Buffer.from(learnableCsv(500, 21)), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(up.status(), await up.text()).toBe(201);
  const dv = (await up.json()).version as { id: string };
  const run = await mutate<{ id: string }>(page, 'runs.start', { experiment: `e2e-tables-real-${stamp}`, datasetVersionId: dv.id, target: 'y', trainer: 'logreg', params: { max_iter: 50 }, seed: 1 });
  const bulk = `e2e-tables-bulk-${stamp}`;
  const bulkId = await seedRuns(bulk, dv.id, 300);

  await page.goto(`/runs?experiment=${bulk}`);
  await expect(range(page)).toHaveText('1–50 of 300');
  await expect(page.getByTestId('run-row')).toHaveCount(50);
  await expect(firstRun(page)).toHaveText('bulk-0299'); // newest first
  await page.screenshot({ path: test.info().outputPath('screens', 'runs.png'), fullPage: true });

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(range(page)).toHaveText('51–100 of 300');
  await expect(page).toHaveURL(/[?&]page=2\b/);
  await expect(firstRun(page)).toHaveText('bulk-0249');

  // Filter: failed runs only (i % 5 == 3): 60; a filter returns to the first page.
  await page.getByLabel('Status').selectOption('failed');
  await expect(range(page)).toHaveText('1–50 of 60');
  await expect(page).not.toHaveURL(/[?&]page=/);
  await page.getByLabel('Trainer').selectOption('gbdt');
  await expect(range(page)).toHaveText('1–20 of 20');

  // Sort by validation AUC, best first: the largest AUC among failed gbdt runs.
  await page.getByTestId('sort-validationAuc').click();
  await expect(page).toHaveURL(/sort=validationAuc/);
  const aucs = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 5 === 3 && i % 3 === 0).map((i) => 0.5 + ((i * 37) % 100) / 1000);
  const best = Math.max(...aucs);
  await expect(page.getByTestId('run-auc').first()).toHaveText(String(Number(best.toPrecision(4))));
  const top = await firstRun(page).textContent();

  // Name text filter (debounced into the URL), then a reload keeps everything.
  await page.getByLabel('Run name').fill('bulk-01');
  await expect(page).toHaveURL(/q=bulk-01/);
  const filteredRange = Array.from({ length: 100 }, (_, k) => 100 + k).filter((i) => i % 5 === 3 && i % 3 === 0).length;
  await expect(range(page)).toHaveText(`1–${filteredRange} of ${filteredRange}`);
  await page.getByLabel('Run name').fill('');
  await expect(page).not.toHaveURL(/q=/);
  await expect(range(page)).toHaveText('1–20 of 20');
  await page.reload();
  await expect(range(page)).toHaveText('1–20 of 20');
  await expect(firstRun(page)).toHaveText(top!);
  await expect(page.getByLabel('Status')).toHaveValue('failed');
  await expect(page.getByLabel('Trainer')).toHaveValue('gbdt');

  // Sorting by name starts ascending; the column header says so.
  await page.getByTestId('sort-name').click();
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  await expect(firstRun(page)).toHaveText('bulk-0003');
  await expect(page.getByRole('columnheader', { name: /Run/ })).toHaveAttribute('aria-sort', 'ascending');

  // A filter that matches nothing says what to do next.
  await page.goto(`/runs?experiment=${bulk}-nothing`);
  await expect(page.getByTestId('table-empty')).toContainText('Clear a filter');

  // The experiment's own page lists its newest 200 runs and sends the rest to the runs table.
  await page.goto(`/experiments/${bulkId}`);
  await expect(page.getByTestId('experiment-runs-truncated')).toContainText('The newest 200 of 300 runs');
  await page.getByTestId('experiment-runs-truncated').getByRole('link').click();
  await expect(range(page)).toHaveText('1–50 of 300');

  // The real run: fitted statistics on its page; feature importance on its version's page.
  await expect.poll(async () => (await query<{ run: { status: string } }>(page, 'runs.get', { id: run.id })).run.status, { timeout: 120_000, intervals: [1000] }).toBe('succeeded');
  await page.goto(`/runs/${run.id}`);
  const stats = page.getByTestId('fitted-stats');
  await expect(stats).toContainText('standardize: mean');
  await expect(stats).toContainText('impute missing with the');
  await expect(stats).toContainText('one-hot over 3 categories');
  await page.screenshot({ path: test.info().outputPath('screens', 'run.png'), fullPage: true });

  await mutate(page, 'models.registerFromRun', { runId: run.id, model });
  await page.goto(`/models/${model}/versions/1`);
  const imp = page.getByTestId('feature-importance');
  await expect(imp).toContainText('Not computed yet');
  await imp.getByRole('button', { name: 'Compute feature importance' }).click();
  await expect(imp.getByTestId('importance-row')).toHaveCount(3, { timeout: 60_000 });
  await expect(imp.getByTestId('importance-row').first()).toContainText('x1');
  await expect(imp).toContainText('training dataset');
  await page.screenshot({ path: test.info().outputPath('screens', 'model-version.png'), fullPage: true });

  for (const [name, url] of [['overview', '/'], ['models', '/models'], ['model', `/models/${model}`], ['experiments', '/experiments'], ['jobs', '/jobs'], ['audit', '/audit'], ['datasets', '/datasets']] as const) {
    await page.goto(url);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: test.info().outputPath('screens', `${name}.png`), fullPage: true });
  }
});
