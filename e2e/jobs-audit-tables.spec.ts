// Every list is paged (issue 18): the jobs and audit tables page, sort and filter on the server
// and keep their state in the URL across a reload; a model picker searches the server instead of
// loading every model.
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { DEMO, signInAs } from './helpers';

async function sql(text: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

const range = (page: Page) => page.getByTestId('table-range');

test('the jobs table pages, filters and sorts 130 jobs on the server, and a reload keeps its state', async ({ page }) => {
  const tag = `e2e-jobs-${Date.now()}`;
  // Finished jobs only (no live ones), so the page does not poll while the test reads it.
  await sql(
    `INSERT INTO jobs (queue, title, status, payload, attempts, created_at, finished_at)
     SELECT CASE WHEN i % 2 = 0 THEN 'train' ELSE 'profile' END, $1 || ' ' || lpad(i::text, 3, '0'),
            (ARRAY['succeeded','failed','cancelled'])[1 + i % 3], '{}'::jsonb, i % 4,
            now() - make_interval(mins => 200 - i), now() - make_interval(mins => 199 - i)
     FROM generate_series(0, 129) AS i`,
    [tag],
  );
  await signInAs(page, DEMO.viewer);
  await page.goto(`/jobs?q=${tag}`);
  await expect(range(page)).toHaveText('1–50 of 130');
  await expect(page.getByTestId('job-row')).toHaveCount(50);
  await expect(page.getByTestId('job-row').first()).toContainText(`${tag} 129`); // newest first

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/[?&]page=2\b/);
  await expect(range(page)).toHaveText('51–100 of 130');
  await expect(page.getByTestId('job-row').first()).toContainText(`${tag} 079`);

  // Failed (i % 3 == 1): 43 of them; a filter goes back to the first page.
  await page.getByRole('checkbox', { name: 'failed' }).check();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page).not.toHaveURL(/[?&]page=/);
  await expect(range(page)).toHaveText('1–43 of 43');
  // Narrow by queue too (failed and even i: i % 6 == 4): 21.
  await page.getByLabel('Queue', { exact: true }).fill('train');
  await expect(page).toHaveURL(/queue=train/);
  await expect(range(page)).toHaveText('1–21 of 21');

  // Sort by title, ascending first.
  await page.getByTestId('sort-title').click();
  await expect(page).toHaveURL(/sort=title&dir=asc/);
  await expect(page.getByTestId('job-row').first()).toContainText(`${tag} 004`);

  await page.reload();
  await expect(range(page)).toHaveText('1–21 of 21');
  await expect(page.getByTestId('job-row').first()).toContainText(`${tag} 004`);
  await expect(page.getByRole('checkbox', { name: 'failed' })).toBeChecked();
  await expect(page.getByLabel('Queue', { exact: true })).toHaveValue('train');
  await expect(page.getByRole('columnheader', { name: /Title/ })).toHaveAttribute('aria-sort', 'ascending');

  await page.getByRole('button', { name: 'Show all' }).click();
  await expect(page).not.toHaveURL(/status=|queue=|q=/);
});

test('the audit table pages and filters on the server, and a reload keeps its page and filters', async ({ page }) => {
  const type = `e2e-audit-${Date.now()}`;
  await sql(
    `INSERT INTO audit_events (actor_label, action, target_type, target_id, at, reason)
     SELECT 'bot-' || (i % 2), 'e2etest.step' || lpad(i::text, 3, '0'), $1, 'target-' || i, now() - make_interval(secs => 200 - i), 'seeded'
     FROM generate_series(0, 69) AS i`,
    [type],
  );
  await signInAs(page, DEMO.viewer);
  await page.goto('/audit');
  await page.getByLabel('Target type').fill(type);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`targetType=${type}`));
  await expect(range(page)).toHaveText('1–50 of 70');
  await expect(page.getByTestId('audit-row').first()).toContainText('e2etest.step069');

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(range(page)).toHaveText('51–70 of 70');
  await expect(page.getByTestId('audit-row').first()).toContainText('e2etest.step019');
  await page.reload();
  await expect(range(page)).toHaveText('51–70 of 70');
  await expect(page.getByLabel('Target type')).toHaveValue(type);

  // Another filter on top returns to page 1: bot-1 wrote the odd steps.
  await page.getByLabel('Actor contains').fill('bot-1');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(range(page)).toHaveText('1–35 of 35');
  await page.getByTestId('sort-action').click();
  await expect(page).toHaveURL(/sort=action&dir=asc/);
  await expect(page.getByTestId('audit-row').first()).toContainText('e2etest.step001');
  await page.reload();
  await expect(page.getByTestId('audit-row').first()).toContainText('e2etest.step001');
  await expect(page.getByLabel('Actor contains')).toHaveValue('bot-1');
});

test('a model picker searches the server and offers at most 20 names at once', async ({ page }) => {
  const tag = `e2e-pick-${Date.now()}`;
  await sql(`INSERT INTO models (name, created_at) SELECT $1 || '-' || lpad(i::text, 2, '0'), now() - make_interval(secs => 30 - i) FROM generate_series(0, 24) AS i`, [tag]);
  await signInAs(page, DEMO.viewer);
  await page.goto('/fairness');
  const picker = page.getByRole('combobox', { name: 'Model', exact: true });
  // Newest first: the last seeded model is offered without typing; the list says it is cut.
  await expect(picker.locator(`option[value="${tag}-24"]`)).toHaveCount(1);
  await expect(page.getByTestId('picker-more')).toContainText('first 20 shown');
  await expect(picker.locator('option')).toHaveCount(21); // the placeholder and 20 names
  await page.getByRole('searchbox', { name: 'Search models' }).fill(`${tag}-0`);
  await expect(picker.locator(`option[value="${tag}-00"]`)).toHaveCount(1);
  await expect(picker.locator('option')).toHaveCount(11);
  await picker.selectOption(`${tag}-03`);
  await expect(page).toHaveURL(new RegExp(`model=${tag}-03`));
  // The choice stays offered when the search moves on.
  await page.getByRole('searchbox', { name: 'Search models' }).fill(`${tag}-1`);
  await expect(picker.locator(`option[value="${tag}-10"]`)).toHaveCount(1);
  await expect(picker).toHaveValue(`${tag}-03`);
});
