// What a newcomer trips over (issue 9): a viewer at /experiments/new sees a disabled form that
// says why (D15), and every console page fits a 1440 px wide window (D11: Fairness was 2,011 px,
// Compare runs 1,690, run pages ~1,500). Each page is screenshotted into
// test-results/layout-1440/ for review.
import { expect, test } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';
import { DEMO, mutate, ORIGIN, query, signInAs } from './helpers';

/** learnableCsv plus a sensitive attribute and a long free-text value (a wide cell). */
function dataCsv(rows: number, seed: number): Buffer {
  const [header, ...lines] = learnableCsv(rows, seed).trim().split('\n');
  const long = 'x'.repeat(400);
  return Buffer.from([`${header},gender,comment`, ...lines.map((l, i) => `${l},${i % 2 ? 'F' : 'M'},${i === 3 ? long : `note-${i % 7}`}`)].join('\n') + '\n');
}

test('a viewer sees the New run form disabled, with the reason', async ({ page }) => {
  await signInAs(page, DEMO.viewer);
  await page.goto('/experiments/new');
  const form = page.getByRole('form', { name: 'New run' });
  await expect(form.getByTestId('new-run-read-only')).toContainText('Your role (viewer) may look but not start training runs');
  await expect(form.getByRole('button', { name: 'Start run' })).toBeDisabled();
  await expect(form.getByLabel('Experiment')).toBeDisabled();
});

test('every console page fits 1440 px', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const stamp = Date.now();
  const model = `e2e-layout-${stamp}`;
  await signInAs(page, DEMO.admin);

  // Data for every page: a dataset, two runs, a model with two versions (v1 in production), a
  // golden set with a sensitive attribute, and a promotion request for v2 (with its evaluation).
  const up = await page.request.post(`/api/datasets?name=e2e-layout-${stamp}&filename=train.csv`, { data: dataCsv(400, 11), headers: { origin: ORIGIN, 'content-type': 'text/csv' } });
  expect(up.status(), await up.text()).toBe(201);
  const dv = (await up.json()).version as { id: string };
  const runs: string[] = [];
  for (const seed of [1, 2]) {
    const r = await mutate<{ id: string }>(page, 'runs.start', { experiment: `e2e-layout-${stamp}`, datasetVersionId: dv.id, target: 'y', trainer: 'logreg', params: { max_iter: 50 }, seed, columns: ['x1', 'x2', 'region'] });
    runs.push(r.id);
  }
  for (const id of runs) {
    await expect.poll(async () => (await query<{ run: { status: string } }>(page, 'runs.get', { id })).run.status, { timeout: 120_000, intervals: [1000] }).toBe('succeeded');
    await mutate(page, 'models.registerFromRun', { runId: id, model, tags: ['e2e'] });
  }
  const run = await query<{ run: { experimentId: string; jobId: string } }>(page, 'runs.get', { id: runs[0] });
  await mutate(page, 'aliases.move', { model, alias: 'production', version: 1, reason: 'layout e2e', expectedVersion: null });
  await mutate(page, 'evaluations.setGoldenSet', { model, datasetVersionId: dv.id, labelColumn: 'y' });
  await mutate(page, 'evaluations.setPolicy', { model, sensitiveAttributes: ['region'] });
  const req = await mutate<{ id: string }>(page, 'promotions.request', { model, version: 2, note: 'layout' });
  let evaluationId = '';
  await expect
    .poll(
      async () => {
        const evs = (await query<{ rows: { evaluation: { id: string; status: string } }[] }>(page, 'evaluations.list', { model, version: 2 })).rows;
        evaluationId = evs[0]?.evaluation.id ?? '';
        return evs[0]?.evaluation.status;
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe('succeeded');
  // v2 to production, so that rolling back (to v1) is possible.
  // production is protected: the admin breaks glass (the request above stays the evidence page).
  await mutate(page, 'aliases.move', { model, alias: 'production', version: 2, reason: 'layout e2e (break glass)', expectedVersion: 1, breakGlass: true });

  const pages: [string, string][] = [
    ['home', '/'],
    ['datasets', '/datasets'],
    ['dataset', `/datasets/e2e-layout-${stamp}`],
    ['dataset-version', `/datasets/versions/${dv.id}`],
    ['experiments', '/experiments'],
    ['experiment', `/experiments/${run.run.experimentId}`],
    ['new-run', `/experiments/new?datasetVersionId=${dv.id}`],
    ['compare-runs', `/experiments/compare?runs=${runs.join(',')}`],
    ['run', `/runs/${runs[0]}`],
    ['models', '/models'],
    ['model', `/models/${model}`],
    ['model-version', `/models/${model}/versions/2`],
    ['promotions', '/promotions'],
    ['promotion', `/promotions/${req.id}`],
    ['evaluation', `/promotions/evaluations/${evaluationId}`],
    ['policy', `/promotions/policy?model=${model}`],
    ['fairness', `/fairness?model=${model}&version=2&compare=1`],
    ['monitoring', `/monitoring?model=${model}&window=24h`],
    ['on-call', '/on-call'],
    ['jobs', '/jobs'],
    ['job', `/jobs/${run.run.jobId}`],
    ['audit', '/audit'],
    ['settings', '/settings'],
  ];
  for (const [name, url] of pages) {
    await page.goto(url);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `test-results/layout-1440/${name}.png`, fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    // Names the innermost elements that stick out, so a failure says where to look.
    const wide = width > 1440 ? await page.evaluate(() => {
      const out = (el: Element) => el.getBoundingClientRect().right > 1441;
      return [...document.querySelectorAll('main *')].filter((el) => out(el) && ![...el.children].some(out)).slice(0, 6).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').slice(0, 50)}"`);
    }) : [];
    expect.soft(width, `${name} (${url}) is ${width} px wide: ${wide.join(' | ')}`).toBeLessThanOrEqual(1440);
  }

  // The rollback dialog's text is not clipped: nothing inside it is wider than its box.
  await page.goto(`/models/${model}`);
  await page.getByRole('button', { name: /^Roll back/ }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: 'test-results/layout-1440/rollback-dialog.png' });
  const clipped = await dialog.evaluate((d) => [...d.querySelectorAll('h2, p, label, button')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent));
  expect.soft(clipped, 'rollback dialog clips its text').toEqual([]);
});
