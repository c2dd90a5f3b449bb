// What the CLI says when the console refuses its token or cannot be reached (issue 9, D8): the
// real tRPC route handler behind a loopback HTTP server, and the real CLI entry point.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET, POST } from '@/app/api/trpc/[trpc]/route';
import { main } from '@/cli/main';
import { freePort } from '@/scripts/lib/services';

let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = new Request(`${url}${req.url}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])),
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
      });
      void (req.method === 'GET' ? GET(request) : POST(request))
        .then(async (out) => {
          res.writeHead(out.status, Object.fromEntries(out.headers));
          res.end(Buffer.from(await out.arrayBuffer()));
        })
        .catch((e: unknown) => {
          res.writeHead(500);
          res.end(String(e));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('CLI connection errors', () => {
  it('a bad token gets a clear 401 message naming the console and where to get a token', async () => {
    const r = await cli(['models', 'list', '--url', url, '--token', 'vgl_not-a-real-token']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(new RegExp(`^vigil: the console at ${url} refused the API token \\(HTTP 401: .+\\); check --token or VIGIL_TOKEN \\(Settings → API tokens\\)\\n$`));
    expect(r.err).not.toMatch(/Unable to transform/);
  });

  it('a console that is down gets a message with its URL', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const r = await cli(['models', 'list', '--url', down, '--token', 'vgl_x']);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(new RegExp(`^vigil: cannot reach the console at ${down} \\(.*ECONNREFUSED.*\\); is it running\\? Set --url or VIGIL_URL\\n$`));
  });
});
