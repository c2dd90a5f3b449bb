// The bare baseline: a Node `http` server that does what any JSON API must — read the body,
// parse it, answer a JSON document of the predict response's shape and size — and nothing
// else (no model, no validation, no log). Vigil's serving is measured against it to see what
// scoring and the durable log cost on top of Node's HTTP stack.
// Run: node --import tsx bench/lib/echo-server.ts <port>
import crypto from 'node:crypto';
import http from 'node:http';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1) throw new Error('usage: echo-server.ts <port>');

const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end('{"ready":true}');
  }
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    let body: { rows?: unknown[] };
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      return res.end('{"error":"bad json"}');
    }
    const rows = Array.isArray(body.rows) ? body.rows : [];
    const text = JSON.stringify({
      model: 'echo',
      model_version: 1,
      predictions: rows.map(() => ({ prediction_id: crypto.randomUUID(), model_version: 1, score: 0.123456789, label: 0 })),
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`echo on :${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
