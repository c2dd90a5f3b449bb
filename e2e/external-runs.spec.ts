// A run trained outside Vigil, in the browser: a script (here, the test) records it over the REST
// API with an API token while the run page is open; the page charts each logged metric live,
// shows where the run came from, and shows the failure the script reports.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO, ORIGIN, signInAs } from './helpers';

async function apiToken(page: Page): Promise<string> {
  const res = await page.request.post('/api/trpc/tokens.create', { data: { json: { name: `e2e external runs ${Date.now()}` } }, headers: { origin: ORIGIN } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
}

/** What a training script does: JSON over HTTP with a bearer token, no cookie, no origin. */
function script(request: APIRequestContext, token: string) {
  return async (path: string, body: unknown) => {
    const res = await request.post(path, { data: body, headers: { authorization: `Bearer ${token}` } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return (await res.json()) as Record<string, unknown>;
  };
}

test('an external run is charted live as its script logs metrics, then shows the failure it reports', async ({ page, playwright }) => {
  await signInAs(page, DEMO.engineer);
  const request = await playwright.request.newContext({ baseURL: ORIGIN });
  const post = script(request, await apiToken(page));
  const run = await post('/api/runs', { experiment: `e2e-external-${Date.now()}`, trainer: 'pytorch-mlp', codeVersion: '3f2a9c1', params: { lr: 0.01, epochs: 4 } });
  await post(`/api/runs/${run.id as string}/metrics`, { metrics: [{ name: 'loss', step: 1, value: 0.9 }, { name: 'loss', step: 2, value: 0.6 }], progress: 0.5 });

  await page.goto(`/runs/${run.id as string}`);
  await expect(page.getByTestId('run-status').first()).toHaveText('running');
  await expect(page.getByTestId('run-source')).toHaveText('trained outside Vigil');
  await expect(page.getByText('3f2a9c1')).toBeVisible();
  const curves = page.getByTestId('step-curves');
  await expect(curves.getByRole('figure', { name: 'loss' })).toBeVisible();
  await expect(curves.getByRole('figure', { name: 'valid_auc' })).toHaveCount(0);
  // Logged while the page is open: the page polls a running run, so the new metric's chart appears.
  await post(`/api/runs/${run.id as string}/metrics`, { metrics: [{ name: 'loss', step: 3, value: 0.5 }, { name: 'valid_auc', step: 3, value: 0.74 }], progress: 0.75 });
  await expect(curves.getByRole('figure', { name: 'valid_auc' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Reproduce run' })).toHaveCount(0);

  await post(`/api/runs/${run.id as string}/finish`, { status: 'failed', error: 'CUDA out of memory at epoch 4' });
  await expect(page.getByTestId('run-status').first()).toHaveText('failed', { timeout: 10_000 });
  await expect(page.getByTestId('run-error')).toContainText('CUDA out of memory at epoch 4');
  await request.dispose();
});
