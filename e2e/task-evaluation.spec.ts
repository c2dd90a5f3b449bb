// A multiclass and a regression version on their pages: trained with Vigil's task trainers,
// uploaded through the REST route, evaluated on a golden set with a sensitive attribute; the
// evaluation page shows the task's metrics (the k × k confusion matrix and per-class AUC, or the
// regression metrics and residual quantiles), the version page its latest evaluation, and the
// fairness page the task's per-group table.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, mutate, ORIGIN, query, signInAs } from './helpers';

function rows(n: number, seed: number): string[][] {
  let s = seed >>> 0;
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  return Array.from({ length: n }, () => {
    const a = r() * 4 - 2;
    const c = ['red', 'green', 'blue'][Math.floor(r() * 3)];
    const z = 1.5 * a + (c === 'red' ? 1 : -0.5) + (r() - 0.5);
    return [a.toFixed(4), c, z < -1 ? 'low' : z < 1 ? 'mid' : 'high', (10 * z + 100).toFixed(3)];
  });
}
const csv = (rs: string[][]) => ['a,c,cls,value', ...rs.map((x) => x.join(','))].join('\n') + '\n';

async function evaluate(page: Page, task: 'multiclass' | 'regression', stamp: number) {
  const model = `e2e-${task}-${stamp}`;
  // Trained as a user would: `vigil train --task …` (the other task's target left out).
  const target = task === 'multiclass' ? 2 : 3;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-task-'));
  fs.writeFileSync(path.join(dir, 'train.csv'), ['a,c,y', ...rows(300, 1).map((x) => [x[0], x[1], x[target]].join(','))].join('\n') + '\n');
  execFileSync('bin/vigil', ['train', '--task', task, '--data', path.join(dir, 'train.csv'), '--target', 'y', '--trainer', task === 'multiclass' ? 'logreg' : 'ridge', '--out', path.join(dir, 'out')], { stdio: 'pipe' });
  const onnxBytes = fs.readFileSync(path.join(dir, 'out', 'model.onnx'));
  const up = await page.request.post(`/api/models/${model}/versions`, { data: onnxBytes, headers: { origin: ORIGIN, 'content-type': 'application/octet-stream' } });
  expect(up.status(), await up.text()).toBe(201);
  const ds = await page.request.post(`/api/datasets?name=${model}-golden&filename=golden.csv`, { data: csv(rows(120, 2)), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(ds.status(), await ds.text()).toBe(201);
  const dv = (await ds.json()).version as { id: string };
  await mutate(page, 'evaluations.setGoldenSet', { model, datasetVersionId: dv.id, labelColumn: task === 'multiclass' ? 'cls' : 'value' });
  await mutate(page, 'evaluations.setPolicy', { model, sensitiveAttributes: ['c'] });
  const ev = await mutate<{ id: string }>(page, 'evaluations.start', { model, version: 1 });
  await expect.poll(async () => (await query<{ status: string }>(page, 'evaluations.get', { id: ev.id })).status, { timeout: 120_000, intervals: [1000] }).toBe('succeeded');
  return { model, evaluationId: ev.id };
}

test('multiclass and regression evaluations on the evaluation, version and fairness pages', async ({ page }) => {
  test.setTimeout(300_000);
  const stamp = Date.now();
  await signInAs(page, DEMO.admin);

  const mc = await evaluate(page, 'multiclass', stamp);
  await page.goto(`/promotions/evaluations/${mc.evaluationId}`);
  const confusion = page.getByTestId('confusion-matrix');
  await expect(confusion).toHaveCount(1);
  for (const c of ['high', 'low', 'mid']) {
    await expect(confusion.getByRole('columnheader', { name: `predicted ${c}` })).toBeVisible();
    await expect(confusion.getByRole('rowheader', { name: `actual ${c}` })).toBeVisible();
    await expect(page.getByTestId('class-auc').getByRole('rowheader', { name: c, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('metric-macro_f1')).toContainText(/0\.\d{4}/);
  await expect(page.getByTestId('evaluation-gate').filter({ hasText: 'slice c=red: accuracy' })).toBeVisible();
  await page.goto(`/models/${mc.model}/versions/1`);
  await expect(page.getByTestId('version-evaluation').getByTestId('metric-log_loss')).toBeVisible();
  await page.goto(`/fairness?model=${mc.model}&version=1`);
  const byC = page.getByTestId('offline-attribute-c');
  await expect(byC.getByRole('columnheader', { name: 'Predicted mid' })).toBeVisible();
  await expect(byC.getByText(/Accuracy gap \(max − min\)/)).toBeVisible();

  const reg = await evaluate(page, 'regression', stamp);
  await page.goto(`/promotions/evaluations/${reg.evaluationId}`);
  for (const m of ['rmse', 'mae', 'r2', 'mean_residual', 'residual-p05', 'residual-p50', 'residual-p95']) await expect(page.getByTestId(`metric-${m}`)).toContainText(/\d\.\d{4}/);
  await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
  await page.goto(`/fairness?model=${reg.model}&version=1`);
  const regC = page.getByTestId('offline-attribute-c');
  await expect(regC.getByRole('columnheader', { name: 'RMSE' })).toBeVisible();
  await expect(regC.getByTestId('fairness-row-c-red')).toBeVisible();
  // Policy page: the regression model's gate metrics.
  await page.goto(`/promotions/policy?model=${reg.model}`);
  await expect(page.getByTestId('policy-task')).toContainText('overall on rmse, mae, r2');
});
