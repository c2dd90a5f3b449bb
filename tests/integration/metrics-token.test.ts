// VIGIL_METRICS_TOKEN guards /metrics of the worker's listener and the web route (serving's is
// covered by the serving attack suite against the real process).
import type http from 'node:http';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOKEN = 'metrics-token-for-tests-0123';
process.env.VIGIL_METRICS_TOKEN = TOKEN; // read by env() on first use, in this test file's module graph

let server: http.Server;
let base: string;

beforeAll(async () => {
  const { startMetricsServer } = await import('@/server/http/metrics-server');
  const reg = new Registry();
  server = startMetricsServer(0, reg, async () => ({ ok: true }));
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  delete process.env.VIGIL_METRICS_TOKEN;
  await new Promise((r) => server.close(r));
});

describe('metrics bearer token', () => {
  it('the worker metrics listener answers 401 without the token and 200 with it', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('the web /metrics route answers 401 without the token and 200 with it', async () => {
    const { GET } = await import('@/app/metrics/route');
    expect((await GET(new Request('http://x/metrics'))).status).toBe(401);
    expect((await GET(new Request('http://x/metrics', { headers: { authorization: 'Bearer nope' } }))).status).toBe(401);
    const ok = await GET(new Request('http://x/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/# HELP/);
  });

  it('without a token configured, /metrics is open', async () => {
    const { metricsAuthorized } = await import('@/server/http/metrics-auth');
    expect(metricsAuthorized(undefined, '')).toBe(true);
    expect(metricsAuthorized('Bearer x', 'y'.repeat(16))).toBe(false);
    expect(metricsAuthorized(`Bearer ${'y'.repeat(16)}`, 'y'.repeat(16))).toBe(true);
  });
});
