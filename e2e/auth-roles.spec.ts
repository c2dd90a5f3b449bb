import { expect, test } from '@playwright/test';
import { alertWith, DEMO, nav, signInAs, signOut } from './helpers';

test('an anonymous visitor is sent to sign in', async ({ page }) => {
  await page.goto('/audit');
  await expect(page).toHaveURL(/\/signin/);
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(DEMO.viewer.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(alertWith(page, 'wrong email or password')).toBeVisible();
});

for (const role of ['viewer', 'engineer', 'approver'] as const) {
  test(`${role} signs in, reads the audit log, and cannot manage users`, async ({ page }) => {
    await signInAs(page, DEMO[role]);
    await expect(page.getByTestId('signed-in-as')).toContainText(role);
    await nav(page, 'Audit');
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    await nav(page, 'Settings');
    await expect(page.getByTestId('users-admin-denied')).toBeVisible();
    await expect(page.getByRole('form', { name: 'Create user' })).toHaveCount(0);
    // The server refuses too, not only the UI.
    const res = await page.request.get('/api/trpc/users.list');
    expect(res.status()).toBe(403);
    await signOut(page);
  });
}

test('every area of the navigation is built: none says "not built yet"', async ({ page }) => {
  await signInAs(page, DEMO.viewer);
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  const names = (await links.allTextContents()).map((t) => t.trim());
  expect(names.length).toBeGreaterThan(5);
  for (const name of names) {
    await nav(page, name);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expect(page.getByRole('heading', { name: /is not built yet/ })).toHaveCount(0);
  }
});

test('keyboard: the skip link and navigation are reachable with Tab', async ({ page }) => {
  await signInAs(page, DEMO.viewer);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Overview' })).toBeFocused();
});

test('admin creates a user, changes their role; the user signs in; the audit page shows it all', async ({ page }) => {
  const email = `new-${Date.now()}@vigil.local`;
  await signInAs(page, DEMO.admin);
  await nav(page, 'Settings');
  const form = page.getByRole('form', { name: 'Create user' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Name').fill('Nia New');
  await form.getByLabel('Initial password').fill('a-fresh-password');
  await form.getByLabel('Role').selectOption('viewer');
  await form.getByRole('button', { name: 'Create user' }).click();
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toBeVisible();
  await row.getByLabel(`Role of ${email}`).selectOption('engineer');
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue('engineer');
  await signOut(page);

  await signInAs(page, { email, password: 'a-fresh-password' });
  await expect(page.getByTestId('signed-in-as')).toContainText('engineer');
  await nav(page, 'Audit');
  await page.getByLabel('Target type').fill('user');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/targetType=user/);
  const rows = page.getByTestId('audit-row');
  await expect(rows.filter({ hasText: 'user.create' }).filter({ hasText: email })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'user.role_change' }).first()).toContainText('engineer');
  await expect(rows.filter({ hasText: 'user.sign_in' }).first()).toContainText(email);
  await signOut(page);
});

test('admin deactivates a user, who can no longer sign in', async ({ page, browser }) => {
  const email = `leaver-${Date.now()}@vigil.local`;
  await signInAs(page, DEMO.admin);
  await nav(page, 'Settings');
  const form = page.getByRole('form', { name: 'Create user' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Name').fill('Lee Leaver');
  await form.getByLabel('Initial password').fill('a-fresh-password');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId(`user-row-${email}`)).toBeVisible();

  // The leaver is signed in elsewhere when the admin deactivates them: their next page is the
  // sign-in page saying why, not the console's shell over refused API calls.
  const leaver = await browser.newPage();
  await signInAs(leaver, { email, password: 'a-fresh-password' });
  await page.getByRole('button', { name: `Deactivate ${email}` }).click();
  await expect(page.getByTestId(`user-row-${email}`)).toContainText('deactivated');
  await leaver.reload();
  await expect(leaver).toHaveURL(/\/signin\?session=ended/);
  await expect(leaver.getByRole('status')).toContainText('Your session has ended');
  await expect(leaver.getByTestId('signed-in-as')).toHaveCount(0);
  await leaver.close();

  const other = await browser.newPage();
  await other.goto('/signin');
  await other.getByLabel('Email').fill(email);
  await other.getByLabel('Password').fill('a-fresh-password');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(alertWith(other, 'this account is deactivated')).toBeVisible();
  await other.close();
});
