// Issue 14 in the browser: the New run form's task selector offers each task's targets and
// trainers; a multiclass logistic regression trained from it shows its task metrics (accuracy,
// log-loss, macro F1, AUC per class) on the run page, and the version registered from it shows
// its task and classes, as does the models list.
import { expect, test } from '@playwright/test';
import { DEMO, nav, signInAs } from './helpers';

/** 200 rows, seeded: species from a linear rule on x1, x2 (learnable), grade a 3-class column. */
function speciesCsv(): Buffer {
  let a = 20261130;
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const lines = ['x1,x2,grade,species'];
  for (let i = 0; i < 200; i++) {
    const x1 = r() * 10 - 5;
    const x2 = r() * 4;
    const grade = ['A', 'B', 'C'][Math.floor(r() * 3)];
    const species = x1 < -1.5 ? 'setosa' : x1 + x2 < 3 ? 'versicolor' : 'virginica';
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${grade},${species}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

test('engineer trains a multiclass model from the form and sees its task metrics, task and classes', async ({ page }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const experiment = `e2e-task-${stamp}`;
  const model = `e2e-species-${stamp}`;
  await signInAs(page, DEMO.engineer);

  await nav(page, 'Datasets');
  const upload = page.getByRole('form', { name: 'Upload dataset' });
  await upload.getByLabel('Dataset name').fill(`e2e-species-${stamp}`);
  await upload.getByLabel('CSV file').setInputFiles({ name: 'species.csv', mimeType: 'text/csv', buffer: speciesCsv() });
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(page).toHaveURL(/\/datasets\/versions\/[0-9a-f-]{36}$/);
  const versionId = page.url().split('/').pop()!;

  await page.goto(`/experiments/new?datasetVersionId=${versionId}`);
  const form = page.getByRole('form', { name: 'New run' });
  await form.getByLabel('Experiment').fill(experiment);
  await expect(form.getByLabel('Dataset version')).toHaveValue(versionId);
  const target = form.getByLabel('Target column');
  const trainer = form.getByLabel('Trainer');
  // Binary (the default): no column holds only 0 and 1.
  await expect(form.getByText('This version has no column holding only 0 and 1')).toBeVisible({ timeout: 30_000 });
  // Regression: the numeric columns; its trainers with ridge's l2.
  await form.getByLabel('Task').selectOption('regression');
  await expect(target.locator('option')).toHaveText(['Pick a column', 'x1', 'x2']);
  await expect(trainer.locator('option')).toHaveText([/^ridge/, /^gbdt/]);
  await expect(form.getByLabel('l2', { exact: true })).toBeVisible();
  // Multiclass: the class columns (x1 and x2 have 200 distinct values: more than 100 classes).
  await form.getByLabel('Task').selectOption('multiclass');
  await expect(target.locator('option')).toHaveText(['Pick a column', 'grade', 'species']);
  await expect(trainer.locator('option')).toHaveText([/^logreg/, /^gbdt/]);
  await target.selectOption('species');
  await trainer.selectOption('logreg');
  await form.getByLabel('max_iter', { exact: true }).fill('60');
  await form.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  const runId = page.url().split('/').pop()!;

  await expect(page.getByTestId('run-status').first()).toHaveText('succeeded', { timeout: 90_000 });
  await expect(page.getByTestId('run-task')).toHaveText('multiclass');
  const metrics = page.getByTestId('run-metrics');
  await expect(metrics).toHaveAttribute('data-task', 'multiclass');
  for (const k of ['accuracy', 'log_loss', 'macro_f1']) await expect(metrics.getByRole('rowheader', { name: k, exact: true })).toBeVisible();
  const accuracy = metrics.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'accuracy', exact: true }) }).getByRole('cell').first();
  expect(Number.parseFloat((await accuracy.textContent())!)).toBeGreaterThan(0.7);
  await expect(metrics.getByTestId('class-auc')).toHaveCount(3);
  await expect(metrics.getByTestId('class-auc').first()).toContainText('setosa');
  // Binary-only numbers are not shown for it.
  await expect(metrics.getByRole('rowheader', { name: 'auc', exact: true })).toHaveCount(0);
  await expect(page.getByRole('figure', { name: 'loss per iteration', exact: true })).toBeVisible();

  const reg = page.getByRole('form', { name: 'Register model' });
  await reg.getByLabel('Model name').fill(model);
  await reg.getByRole('button', { name: 'Register model version' }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${model}/versions/1$`));
  await expect(page.getByTestId('version-task')).toHaveText('multiclass · classes setosa, versicolor, virginica');
  await expect(page.getByRole('rowheader', { name: 'macro_f1', exact: true })).toBeVisible();

  await nav(page, 'Models');
  await expect(page.getByTestId('model-row').filter({ hasText: model }).getByTestId('model-task')).toHaveText('multiclass (3 classes)');
  // The experiment's runs list names the task and its headline metric.
  await page.goto(`/runs/${runId}`);
  await page.getByRole('link', { name: experiment }).first().click();
  await expect(page.getByTestId('run-row').getByTestId('run-task')).toHaveText('multiclass');
  await expect(page.getByTestId('run-row')).toContainText('macro_f1');
});
