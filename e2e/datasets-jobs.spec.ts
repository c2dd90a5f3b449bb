import { expect, test, type Page } from '@playwright/test';
import { alertWith, DEMO, nav, signInAs, signOut } from './helpers';

/** 50 rows: numeric age and income (row 7 misses its income), categorical region, binary y. */
function smallCsv(): Buffer {
  const regions = ['north', 'south', 'east', 'west', 'centre'];
  const lines = ['age,income,region,y'];
  for (let i = 0; i < 50; i++) {
    const age = 20 + ((i * 7) % 45);
    const income = i === 6 ? '' : String(1500 + ((i * 389) % 4000));
    lines.push(`${age},${income},${regions[(i * 3) % 5]},${(i * 5) % 3 === 0 ? 1 : 0}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

async function upload(page: Page, name: string, file: { name: string; buffer: Buffer }) {
  await nav(page, 'Datasets');
  // A dataset's own page has an upload form too: make sure this is the list page's.
  await expect(page).toHaveURL(/\/datasets$/);
  const form = page.getByRole('form', { name: 'Upload dataset' });
  await form.getByLabel('Dataset name').fill(name);
  await form.getByLabel('CSV file').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
  await form.getByRole('button', { name: 'Upload' }).click();
}

test('engineer uploads a CSV, sees its profile and histograms, re-uploads it, and is told why a ragged CSV is refused', async ({ page }) => {
  // Several uploads, a worker job and two sign-ins on a small shared CI machine.
  test.setTimeout(180_000);
  const name = `e2e-loans-${Date.now()}`;
  const csv = smallCsv();
  await signInAs(page, DEMO.engineer);

  await upload(page, name, { name: 'loans.csv', buffer: csv });
  await expect(page).toHaveURL(/\/datasets\/versions\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: new RegExp(name) })).toBeVisible();
  const sha = (await page.getByTestId('version-sha256').textContent())!.trim();
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('schema-row-income')).toContainText('numeric');
  await expect(page.getByTestId('schema-row-income')).toContainText('yes');
  await expect(page.getByTestId('schema-row-region')).toContainText('categorical');

  // The worker profiles the version; the page polls until the profile is there.
  const income = page.getByTestId('column-profile-income');
  await expect(income).toBeVisible({ timeout: 60_000 });
  await expect(income).toContainText('1 (2.0%)'); // one missing value of 50
  await expect(income.locator('svg').first()).toBeVisible();
  const region = page.getByTestId('column-profile-region');
  await expect(region).toContainText('Distinct');
  await expect(region.locator('svg').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', /\/download$/);
  await expect(page.getByRole('link', { name: 'New training run' })).toHaveAttribute('href', /datasetVersionId=/);

  // The profile job is on the Jobs page and links back to the version.
  await page.getByRole('link', { name: /profile job/ }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`profile ${name}`) })).toContainText('succeeded');
  await expect(page.getByRole('progressbar', { name: 'Job progress' })).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByRole('link', { name: /dataset version/ })).toHaveAttribute('href', /\/datasets\/versions\//);
  await nav(page, 'Jobs');
  await page.getByRole('checkbox', { name: 'succeeded' }).check();
  await expect(page).toHaveURL(/status=succeeded/);
  await expect(page.getByTestId('job-row').filter({ hasText: `profile ${name}` })).toHaveCount(1);

  // The same bytes again: the existing version, said plainly.
  await upload(page, name, { name: 'loans-again.csv', buffer: csv });
  await expect(page).toHaveURL(/existing=1/);
  await expect(page.getByRole('status').filter({ hasText: `already uploaded as version ${sha.slice(0, 12)}` })).toBeVisible();

  // The list shows the dataset (uploaded moments ago, so no stale cached list), with one version.
  await nav(page, 'Datasets');
  await expect(page).toHaveURL(/\/datasets$/);
  await page.getByTestId(`dataset-row-${name}`).getByRole('link', { name, exact: true }).click();
  await expect(page.getByTestId('version-row')).toHaveCount(1);

  // A ragged file is refused with the line at fault.
  await upload(page, `${name}-ragged`, { name: 'ragged.csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n') });
  await expect(alertWith(page, 'line 3: expected 3 fields, found 2')).toBeVisible();
  await expect(page).toHaveURL(/\/datasets$/);
  await signOut(page);

  // A viewer sees the dataset but no upload form.
  await signInAs(page, DEMO.viewer);
  await nav(page, 'Datasets');
  await expect(page.getByTestId(`dataset-row-${name}`)).toBeVisible();
  await expect(page.getByRole('form', { name: 'Upload dataset' })).toHaveCount(0);
  await signOut(page);
});

test('a user creates an API token, sees it once, uses it, and revokes it', async ({ page, request }) => {
  const tokenName = `e2e-token-${Date.now()}`;
  await signInAs(page, DEMO.engineer);
  await nav(page, 'Settings');
  const form = page.getByRole('form', { name: 'Create API token' });
  await form.getByLabel('Token name').fill(tokenName);
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'it will not be shown again' })).toBeVisible();
  const field = page.getByLabel('New API token');
  await expect(field).toHaveValue(/^vgl_[0-9a-f]{12}_/);
  const token = await field.inputValue();
  const row = page.getByTestId(`token-row-${tokenName}`);
  await expect(row).toContainText(token.slice(0, 17)); // vgl_ + the 12-hex prefix + _

  // The token authenticates as its user (the request fixture carries no session cookie).
  const me = await request.get('/api/trpc/me.get', { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.text()).toContain(DEMO.engineer.email);

  // Shown once: a reload does not bring it back.
  await page.reload();
  await expect(page.getByLabel('New API token')).toHaveCount(0);

  await row.getByRole('button', { name: `Revoke ${tokenName}` }).click();
  await expect(row).toContainText('revoked');
  const after = await request.get('/api/trpc/me.get', { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
});
