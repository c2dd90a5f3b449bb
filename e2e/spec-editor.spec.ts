// Editing a feature spec and training with it: the run form's spec editor is seeded from the
// picked columns; adding a clip to x1 with bad bounds shows the validator's message naming the
// field, fixing it clears it; the JSON tab shows the same spec and keeps the object view on
// invalid JSON; the run trains with the edited spec and its fitted statistics show the clip; a
// second run with the default spec makes two spec versions, whose diff the experiment page shows.
import { expect, test } from '@playwright/test';
import { DEMO, mutate, nav, query, signInAs } from './helpers';

function csv(): Buffer {
  const lines = ['x1,x2,grade,y'];
  for (let i = 0; i < 200; i++) {
    // Deterministic, learnable: y follows x1 − x2 with a little overlap.
    const x1 = ((i * 37) % 100) / 25 - 2;
    const x2 = ((i * 53) % 100) / 25 - 2;
    const grade = ['A', 'B', 'C'][i % 3];
    const y = x1 - x2 + ((i * 7) % 10) / 10 - 0.45 > 0 ? 1 : 0;
    lines.push(`${x1},${x2},${grade},${y}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

test('edit a spec in the run form, train with it, see the edit fitted and the spec versions diffed', async ({ page }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const experiment = `e2e-spec-${stamp}`;
  await signInAs(page, DEMO.engineer);

  await nav(page, 'Datasets');
  const upload = page.getByRole('form', { name: 'Upload dataset' });
  await upload.getByLabel('Dataset name').fill(`e2e-spec-data-${stamp}`);
  await upload.getByLabel('CSV file').setInputFiles({ name: 'train.csv', mimeType: 'text/csv', buffer: csv() });
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(page).toHaveURL(/\/datasets\/versions\/[0-9a-f-]{36}$/);
  const versionId = page.url().split('/').pop()!;

  await page.goto(`/experiments/new?datasetVersionId=${versionId}`);
  const form = page.getByRole('form', { name: 'New run' });
  await form.getByLabel('Experiment').fill(experiment);
  await expect(form.getByLabel('Target column').locator('option')).toHaveText(['Pick a column', 'y']);
  await form.getByLabel('Target column').selectOption('y');
  // Leave grade out in the column picker: the editor is seeded from what is ticked.
  await form.getByRole('group', { name: 'Input columns' }).getByRole('checkbox', { name: /^grade\b/ }).uncheck();
  await form.getByLabel('Trainer').selectOption('logreg');
  await form.getByRole('button', { name: 'Edit feature spec' }).click();

  const editor = form.getByRole('group', { name: 'Feature spec', exact: true });
  await expect(editor.getByLabel('Input 1 name')).toHaveValue('x1');
  await expect(editor.getByLabel('Input 2 name')).toHaveValue('x2');
  await expect(editor.getByLabel('Input 3 name')).toHaveCount(0);
  await expect(editor.getByTestId('spec-valid')).toContainText('2 inputs, 2 features');

  // Add a clip after x1's standardize; bad bounds are refused naming the field, as typed.
  const x1 = editor.getByRole('group', { name: 'Feature x1' });
  await x1.getByLabel('Add transform to x1').selectOption('clip');
  const clip = x1.getByRole('listitem', { name: 'x1 transform 2: clip' });
  await clip.getByLabel('min').fill('1');
  await clip.getByLabel('max').fill('abc');
  await expect(editor.getByRole('alert')).toContainText('features[0].transforms[1].max');
  await expect(clip.getByLabel('max')).toHaveAttribute('aria-describedby', 'spec-error');
  await clip.getByLabel('max').fill('-1');
  await expect(editor.getByRole('alert')).toHaveText('features[0].transforms[1]: min 1 > max -1');
  // Submitting now is refused in the browser with the same field.
  await form.getByRole('button', { name: 'Start run' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'spec.features[0].transforms[1]' })).toBeVisible();
  await clip.getByLabel('min').fill('-1');
  await clip.getByLabel('max').fill('1');
  await expect(editor.getByRole('alert')).toHaveCount(0);
  await expect(editor.getByTestId('spec-valid')).toBeVisible();

  // The JSON tab shows the same spec; invalid JSON is reported and the objects stay as they were.
  await editor.getByRole('tab', { name: 'JSON' }).click();
  const json = editor.getByLabel('Feature spec JSON');
  const text = await json.inputValue();
  expect(JSON.parse(text).features[0].transforms).toEqual([{ op: 'standardize' }, { op: 'clip', min: -1, max: 1 }]);
  await json.fill(text.slice(0, -3));
  await expect(editor.getByRole('alert').filter({ hasText: 'not valid JSON' })).toBeVisible();
  await editor.getByRole('tab', { name: 'Inputs and transforms' }).click();
  await expect(clip.getByLabel('min')).toHaveValue('-1');
  await expect(clip.getByLabel('max')).toHaveValue('1');

  await form.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  const runId = page.url().split('/').pop()!;
  await expect(page.getByTestId('run-status').first()).toHaveText('succeeded', { timeout: 120_000 });
  const stats = page.getByTestId('fitted-stats');
  const x1Row = stats.getByRole('row').filter({ hasText: 'clip to [-1, 1]' });
  await expect(x1Row).toHaveCount(1);
  await expect(x1Row.getByRole('rowheader')).toHaveText(/^x1/);
  // In order: the fitted standardize, then the clip.
  await expect(x1Row.getByRole('listitem')).toHaveText([/^standardize: mean -?[\d.]+, scale [\d.]+$/, 'clip to [-1, 1]']);
  await expect(stats.getByRole('rowheader', { name: /^grade/ })).toHaveCount(0);

  // A second run with the default spec for the same columns: two spec versions, diffed.
  const detail = await query<{ experiment: { id: string } }>(page, 'runs.get', { id: runId });
  const second = await mutate<{ id: string }>(page, 'runs.start', { experiment, datasetVersionId: versionId, target: 'y', trainer: 'logreg', params: {}, seed: 0, columns: ['x1', 'x2'] });
  await expect
    .poll(async () => (await query<{ run: { status: string } }>(page, 'runs.get', { id: second.id })).run.status, { timeout: 120_000 })
    .toBe('succeeded');
  await page.goto(`/experiments/${detail.experiment.id}`);
  const versions = page.getByTestId('spec-versions');
  await expect(versions.getByRole('listitem')).toHaveCount(2);
  const diff = page.getByTestId('spec-diff');
  // Newest (default spec) against the edited one: the clipped feature went, the plain one came.
  await expect(diff.getByRole('row').filter({ hasText: 'feature removed' })).toContainText('x1__std__clip');
  await expect(diff.getByRole('row').filter({ hasText: 'feature added' })).toContainText('x1__std');
});
