// A tiny HTTP listener for processes that are not web servers (the worker): /metrics and /health.
import http from 'node:http';
import type { Registry } from 'prom-client';
import { metricsAuthorized } from './metrics-auth';

export function startMetricsServer(port: number, registry: Registry, health: () => Promise<{ ok: boolean }>, host = '127.0.0.1'): http.Server {
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url === '/metrics') {
      if (!metricsAuthorized(req.headers.authorization)) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('metrics need Authorization: Bearer <VIGIL_METRICS_TOKEN>\n');
        return;
      }
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(await registry.metrics());
    } else if (req.url === '/health') {
      const h = await health();
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(h));
    } else {
      res.writeHead(404).end();
    }
  };
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.listen(port, host);
  return server;
}
