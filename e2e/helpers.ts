import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { learnableCsv } from '../tests/integration/helpers/csv';

export const DEMO = {
  admin: { email: 'admin@vigil.local', password: 'vigil-admin-demo' },
  approver: { email: 'approver@vigil.local', password: 'vigil-approver-demo' },
  engineer: { email: 'engineer@vigil.local', password: 'vigil-engineer-demo' },
  viewer: { email: 'viewer@vigil.local', password: 'vigil-viewer-demo' },
} as const;

/** Cookie-authenticated changes must come from the console's origin (server/http/origin-check.ts), as a browser's do. */
export const ORIGIN = new URL(process.env.E2E_BASE_URL ?? 'http://localhost:3000').origin;

/** The serving process the suite starts (playwright.config.ts). */
export const SERVE = `http://localhost:${process.env.VIGIL_SERVE_PORT ?? '3100'}`;

/** A tRPC mutation through the signed-in page's session (superjson `{ json }` envelope); expects 200. */
export async function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { origin: ORIGIN } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).result.data.json as T;
}

/** A tRPC query through the signed-in page's session; expects 200. */
export async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).result.data.json as T;
}

export async function signInAs(page: Page, who: { email: string; password: string }) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(who.email);
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
}

/** Follows a link of the main navigation (page bodies may link to the same place). */
export async function nav(page: Page, name: string) {
  // Areas not built yet carry a screen-reader suffix, so match the start of the name.
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${name}\\b`) });
  // A click that lands while the page is still hydrating can be lost (seen once on a loaded
  // machine: the link never became current); click again until the navigation takes.
  await expect(async () => {
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page', { timeout: 7_000 });
  }).toPass({ timeout: 30_000 });
}

/** Next.js adds an empty route-announcer alert; find ours by its text. */
export function alertWith(page: Page, text: string | RegExp) {
  return page.getByRole('alert').filter({ hasText: text });
}

/** learnableCsv's rows as JSON prediction requests (x2 may be missing → null). */
export function requestRows(n: number, seed: number) {
  return learnableCsv(n, seed)
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [x1, x2, region] = line.split(',');
      return { x1: Number(x1), x2: x2 === '' ? null : Number(x2), region };
    });
}

/** A JSON prediction request to the serving process with a serving key. */
export function predictRows(request: APIRequestContext, model: string, key: string, rows: unknown[]) {
  return request.post(`${SERVE}/v1/models/${model}/predict`, { headers: { authorization: `Bearer ${key}` }, data: { rows } });
}

/**
 * Runs monitoring from the console every few seconds until an alert with `text` is open. Each
 * check first waits for the alerts panel to have loaded (the open list, or its empty message):
 * right after a reload the panel still says "Loading…", and a check then would always miss.
 */
export async function runUntilFiring(page: Page, model: string, text: string): Promise<Locator> {
  await page.goto(`/monitoring?model=${model}&window=15m`);
  const open = page.getByRole('list', { name: 'Open alerts' });
  const loaded = open.or(page.getByText('No alert is firing for this model.'));
  const alert = open.getByTestId('alert-firing').filter({ hasText: text });
  const started = Date.now();
  for (;;) {
    await expect(loaded).toBeVisible();
    if (await alert.isVisible()) return alert;
    // The pass is queued behind whatever the worker is doing on 2 shared cores; it takes well under a minute.
    expect(Date.now() - started, `the alert "${text}" did not fire within 3 minutes`).toBeLessThan(180_000);
    await page.getByRole('button', { name: 'Run monitoring now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Monitoring pass queued' })).toBeVisible();
    await page.waitForTimeout(5_000);
    await page.reload();
  }
}
