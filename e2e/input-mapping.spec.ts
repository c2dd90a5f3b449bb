// Uploading a one-tensor model with an input mapping from the console's form: a wrong column
// count is refused on the page with the reason; the right one opens the new version, whose
// signature lists the raw columns and the `probability` output.
import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { torchMlp } from '../tests/helpers/foreign-onnx';
import { alertWith, DEMO, nav, signInAs } from './helpers';

test('upload a PyTorch-style model with its input columns from the Models page', async ({ page }) => {
  const model = `mapped-${crypto.randomBytes(4).toString('hex')}`;
  const file = { name: 'net.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(torchMlp(3).bytes) };
  await signInAs(page, DEMO.engineer);
  await nav(page, 'Models');
  const form = page.getByRole('form', { name: 'Upload ONNX' });
  await form.getByLabel('Model name').fill(model);
  await form.getByLabel('ONNX file').setInputFiles(file);
  await form.getByLabel(/Input columns/).fill('age,income');
  await form.getByRole('button', { name: 'Upload ONNX' }).click();
  await expect(alertWith(page, /names 2 columns, but the model's input 'input' is \[N, 3\]/)).toBeVisible();

  await form.getByLabel(/Input columns/).fill('age,income,tenure');
  await form.getByRole('button', { name: 'Upload ONNX' }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${model}/versions/1$`));
  const inputs = page.getByRole('table', { name: 'Inputs' });
  for (const c of ['age', 'income', 'tenure']) await expect(inputs.getByRole('cell', { name: c, exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Outputs' }).getByRole('cell', { name: 'probability', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Metadata' }).getByRole('cell', { name: 'vigil.input_mapping' })).toBeVisible();
});
