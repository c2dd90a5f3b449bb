// The serving process: answers predictions for the versions that aliases point at.
// Foundation stage: health endpoints and /metrics; the prediction APIs arrive with serving.
import http from 'node:http';
import { env } from '@/server/env';
import { checkHealth } from '@/server/observability/health';
import { metricsRegistry } from '@/server/observability/metrics';

const cfg = env();
const registry = metricsRegistry('serve');

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/v2/health/live') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ live: true }));
  } else if (req.method === 'GET' && url.pathname === '/v2/health/ready') {
    const h = await checkHealth();
    res.writeHead(h.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready: h.status === 'ok', checks: h.checks }));
  } else if (req.method === 'GET' && url.pathname === '/metrics') {
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  } else {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no route ${req.method} ${url.pathname}` }));
  }
});

server.listen(cfg.VIGIL_SERVE_PORT, () => console.log(`serving on :${cfg.VIGIL_SERVE_PORT}`));

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
