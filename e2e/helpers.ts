import { expect, type Page } from '@playwright/test';

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
  await link.click();
  await expect(link).toHaveAttribute('aria-current', 'page');
}

/** Next.js adds an empty route-announcer alert; find ours by its text. */
export function alertWith(page: Page, text: string | RegExp) {
  return page.getByRole('alert').filter({ hasText: text });
}
