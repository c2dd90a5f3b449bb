// A real HTTP listener (loopback, free port) serving the console's own route handlers — the tRPC
// route and the REST routes under app/api — exactly as `next start` would call them, without
// building the Next app (minutes and ~1 GB on the 2-core machines). The CLI and REST tests talk
// to it over HTTP with API tokens, so everything below the route handlers (auth by token,
// services, Postgres, the queues) is the real thing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import * as trpcRoute from '@/app/api/trpc/[trpc]/route';
import * as datasetsRoute from '@/app/api/datasets/route';
import * as versionsRoute from '@/app/api/models/[name]/versions/route';
import * as aliasRoute from '@/app/api/models/[name]/aliases/[alias]/route';
import * as rollbackRoute from '@/app/api/models/[name]/rollback/route';
import * as runsRoute from '@/app/api/runs/route';
import * as runParamsRoute from '@/app/api/runs/[id]/params/route';
import * as runMetricsRoute from '@/app/api/runs/[id]/metrics/route';
import * as runFinishRoute from '@/app/api/runs/[id]/finish/route';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: { method: string; pattern: RegExp; keys: string[]; handler: Handler }[] = [
  { method: 'GET', pattern: /^\/api\/trpc\/([^/]+)$/, keys: ['trpc'], handler: trpcRoute.GET as Handler },
  { method: 'POST', pattern: /^\/api\/trpc\/([^/]+)$/, keys: ['trpc'], handler: trpcRoute.POST as Handler },
  { method: 'POST', pattern: /^\/api\/datasets$/, keys: [], handler: datasetsRoute.POST as Handler },
  { method: 'POST', pattern: /^\/api\/models\/([^/]+)\/versions$/, keys: ['name'], handler: versionsRoute.POST as Handler },
  { method: 'PUT', pattern: /^\/api\/models\/([^/]+)\/aliases\/([^/]+)$/, keys: ['name', 'alias'], handler: aliasRoute.PUT as Handler },
  { method: 'POST', pattern: /^\/api\/models\/([^/]+)\/rollback$/, keys: ['name'], handler: rollbackRoute.POST as Handler },
  { method: 'POST', pattern: /^\/api\/runs$/, keys: [], handler: runsRoute.POST as Handler },
  { method: 'POST', pattern: /^\/api\/runs\/([^/]+)\/params$/, keys: ['id'], handler: runParamsRoute.POST as Handler },
  { method: 'POST', pattern: /^\/api\/runs\/([^/]+)\/metrics$/, keys: ['id'], handler: runMetricsRoute.POST as Handler },
  { method: 'POST', pattern: /^\/api\/runs\/([^/]+)\/finish$/, keys: ['id'], handler: runFinishRoute.POST as Handler },
];

export interface ConsoleHttp {
  url: string;
  close: () => Promise<void>;
}

export async function startConsoleHttp(): Promise<ConsoleHttp> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${url.pathname}` } }));
        return;
      }
      const m = route.pattern.exec(url.pathname)!;
      const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])]));
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(url, { method: req.method, headers, body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined, duplex: 'half' } as RequestInit);
      const response = await route.handler(request, { params: Promise.resolve(params) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    })().catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(e) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
