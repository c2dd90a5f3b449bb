import { expect, test } from '@playwright/test';
import { DEMO, nav, signInAs } from './helpers';

test('the Jobs page lists the workers online with their capabilities and queues', async ({ page }) => {
  await signInAs(page, DEMO.viewer);
  await nav(page, 'Jobs');
  const panel = page.getByTestId('workers-panel');
  await expect(panel.getByRole('heading', { name: 'Workers online' })).toBeVisible();
  // The suite's worker process (no GPU on CI: capabilities cpu, no GPU queues).
  const row = panel.getByTestId('worker-row').first();
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(1)).toHaveText(/^cpu(, gpu)?$/);
  await expect(row).toContainText('profile-dataset');
  await expect(row).toContainText(/\d+ s ago/);
});
