// The acceptance path of training and registration, in the browser: upload a CSV, train a GBDT
// and a logistic regression from the New run form, watch them finish, compare them, register
// the one with the higher validation AUC and follow its lineage back to the dataset version.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, nav, signInAs } from './helpers';

/** mulberry32: a tiny seeded PRNG, so the data (and so the runs) are the same every time. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 400 learnable rows: y ~ Bernoulli(sigmoid(1.8·x1 − 1.2·x2 + [grade = C] − 0.3)), so both
 * trainers reach a validation AUC well above chance in a few iterations.
 */
function learnableCsv(): Buffer {
  const r = rng(20240611);
  const lines = ['x1,x2,grade,y'];
  for (let i = 0; i < 400; i++) {
    const x1 = r() * 4 - 2;
    const x2 = r() * 4 - 2;
    const grade = ['A', 'B', 'C'][Math.floor(r() * 3)];
    const z = 1.8 * x1 - 1.2 * x2 + (grade === 'C' ? 1 : 0) - 0.3;
    const y = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${grade},${y}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

async function startRun(page: Page, versionId: string, experiment: string, trainer: string, params: Record<string, string>) {
  await page.goto(`/experiments/new?datasetVersionId=${versionId}`);
  const form = page.getByRole('form', { name: 'New run' });
  await form.getByLabel('Experiment').fill(experiment);
  // Pre-filled from the query string.
  await expect(form.getByLabel('Dataset version')).toHaveValue(versionId);
  // Only 0/1 columns are offered as the target (once the profile is ready).
  await expect(form.getByLabel('Target column').locator('option')).toHaveText(['Pick a column', 'y']);
  await form.getByLabel('Target column').selectOption('y');
  // The column picker ticks every input column of this data (none is an id or sensitive).
  const columns = form.getByRole('group', { name: 'Input columns' });
  for (const c of ['x1', 'x2', 'grade']) await expect(columns.getByRole('checkbox', { name: new RegExp(`^${c}\\b`) })).toBeChecked();
  // (A label wrapping a select includes the option texts, so the label is matched by substring.)
  await form.getByLabel('Trainer').selectOption(trainer);
  for (const [k, v] of Object.entries(params)) await form.getByLabel(k, { exact: true }).fill(v);
  await form.getByLabel('Seed').fill('1');
  await form.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  const runId = page.url().split('/').pop()!;

  // Live progress: the bar fills, the run succeeds, the per-iteration curves are drawn.
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('aria-valuenow', '100', { timeout: 90_000 });
  await expect(page.getByTestId('run-status').first()).toHaveText('succeeded', { timeout: 30_000 });
  // The job log's status follows the job to its end (it said "Job running" on a finished run).
  await expect(page.getByTestId('run-job-status')).toContainText('Job succeeded');
  const loss = page.getByRole('figure', { name: 'Loss per iteration' });
  await expect(loss.getByRole('list', { name: 'Loss per iteration legend' })).toContainText('training loss (holdout fit)');
  await expect(loss.locator('path.recharts-line-curve').first()).toBeVisible();
  await expect(page.getByTestId('run-metrics')).toContainText('auc');
  const sha = (await page.getByTestId('run-artifact-sha').textContent())!.trim();
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  const name = (await page.getByTestId('run-name').textContent())!.trim();
  return { runId, sha, name };
}

test('engineer trains two runs, compares them, registers the better one and follows its lineage', async ({ page }) => {
  test.setTimeout(300_000);
  const stamp = Date.now();
  const dataset = `e2e-train-${stamp}`;
  const experiment = `e2e-exp-${stamp}`;
  const model = `e2e-model-${stamp}`;
  await signInAs(page, DEMO.engineer);

  // Upload through the Datasets screen; the version page links to a New run form for it.
  await nav(page, 'Datasets');
  const upload = page.getByRole('form', { name: 'Upload dataset' });
  await upload.getByLabel('Dataset name').fill(dataset);
  await upload.getByLabel('CSV file').setInputFiles({ name: 'train.csv', mimeType: 'text/csv', buffer: learnableCsv() });
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(page).toHaveURL(/\/datasets\/versions\/[0-9a-f-]{36}$/);
  const versionId = page.url().split('/').pop()!;
  const dataSha = (await page.getByTestId('version-sha256').textContent())!.trim();
  await expect(page.getByRole('link', { name: 'New training run' })).toHaveAttribute('href', new RegExp(`datasetVersionId=${versionId}`));

  const gbdt = await startRun(page, versionId, experiment, 'gbdt', { n_trees: '20', max_depth: '3' });
  const logreg = await startRun(page, versionId, experiment, 'logreg', { max_iter: '50' });
  expect(gbdt.name).toContain('gbdt');
  expect(logreg.name).toContain('logreg');

  // The experiment lists both runs; tick them (kept in the URL) and compare.
  await page.getByRole('link', { name: experiment }).first().click();
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await page.getByLabel(`Select ${gbdt.name} for comparison`).check();
  await page.getByLabel(`Select ${logreg.name} for comparison`).check();
  await expect(page).toHaveURL(/selected=/);
  await page.getByRole('button', { name: 'Compare selected (2)' }).click();
  await expect(page).toHaveURL(/\/experiments\/compare\?runs=/);

  // Params diff: trainer and trainer-specific params differ, the shared seed does not.
  const paramRow = (key: string) => page.getByTestId('param-row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${key}\\b`) }) });
  await expect(paramRow('trainer')).toHaveAttribute('data-differs', 'true');
  await expect(paramRow('n_trees')).toHaveAttribute('data-differs', 'true');
  await expect(paramRow('n_trees')).toContainText('20');
  await expect(paramRow('seed')).toHaveAttribute('data-differs', 'false');
  await page.getByLabel('Only differences').check();
  await expect(page).toHaveURL(/diff=1/);
  await expect(paramRow('seed')).toHaveCount(0);
  await expect(paramRow('trainer')).toHaveCount(1);

  // Curves overlaid with a legend naming each run.
  const roc = page.getByRole('figure', { name: 'ROC', exact: true });
  await expect(roc.getByRole('list', { name: 'ROC legend' })).toContainText(gbdt.name);
  await expect(roc.getByRole('list', { name: 'ROC legend' })).toContainText(logreg.name);
  await expect(roc.locator('path.recharts-line-curve').first()).toBeVisible();

  // The better run by validation AUC is the one marked best in the metrics table.
  const aucRow = page.getByTestId('metrics-compare').locator('tbody').first().getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^auc\b/ }) });
  const cells = aucRow.getByRole('cell');
  await expect(cells).toHaveCount(2);
  const aucs = (await cells.allTextContents()).map((t) => Number.parseFloat(t));
  expect(aucs.every((a) => a > 0.6)).toBe(true);
  const bestIndex = aucs[0] >= aucs[1] ? 0 : 1;
  await expect(cells.nth(bestIndex)).toHaveAttribute('data-best', 'true');
  const ids = new URL(page.url()).searchParams.get('runs')!.split(',');
  const better = [gbdt, logreg].find((r) => r.runId === ids[bestIndex])!;

  // Register it and land on the new version.
  await page.goto(`/runs/${better.runId}`);
  const reg = page.getByRole('form', { name: 'Register model' });
  await reg.getByLabel('Model name').fill(model);
  await reg.getByLabel('Tags (comma-separated)').fill('e2e, candidate');
  await reg.getByLabel('Model card').fill('Trained by the e2e acceptance test.');
  await reg.getByRole('button', { name: 'Register model version' }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${model}/versions/1$`));
  await expect(page.getByTestId('version-artifact-sha')).toHaveText(better.sha);
  await expect(page.getByRole('link', { name: 'Download model.onnx' })).toHaveAttribute('href', `/api/models/${model}/versions/1/artifact`);
  await expect(page.getByRole('table', { name: 'Inputs', exact: true })).toContainText('x1');

  // Lineage: dataset version (with its sha) → … → the run → this version.
  const lineage = page.getByTestId('lineage');
  await expect(lineage.locator('[data-kind="dataset_version"]')).toContainText(dataSha);
  const runCard = lineage.locator('[data-kind="run"]');
  await expect(runCard).toContainText(better.name);
  await expect(runCard.getByRole('link', { name: better.name })).toHaveAttribute('href', `/runs/${better.runId}`);
  await expect(runCard.getByRole('link', { name: experiment })).toBeVisible();
  await expect(lineage.locator('[data-kind="feature_spec"]')).toBeVisible();
  await expect(lineage.locator('[data-kind="model_version"]')).toContainText(`${model} v1`);

  // The run now says where it went; the registry lists the model.
  await page.goto(`/runs/${better.runId}`);
  await expect(page.getByRole('link', { name: `${model} v1` })).toBeVisible();
  await nav(page, 'Models');
  await expect(page.getByTestId('model-row').filter({ hasText: model })).toContainText('v1');
});
