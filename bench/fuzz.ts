// `npm run bench:fuzz`: throws malformed requests at the real serving process (`node --import
// tsx workers/serve.ts`, durability=fsync) with good traffic interleaved, and checks that it
// never answers 5xx to them, never dies, and that every acknowledged prediction reaches
// Postgres.
//
// Malformed requests (seeded PRNG, so a run is reproducible): mutated valid bodies of the three
// POST APIs (bytes flipped, inserted, deleted, truncated; values swapped for other types; strings
// Postgres cannot store; deep nesting; huge strings; unknown and duplicate fields), random paths
// and percent escapes, wrong methods, content types and keys, and raw bytes that are not HTTP.
// Good traffic: a valid predict every few requests (ids recorded), and valid feedback for them.
// After the run the serving process is stopped (it ships its spool) and every acknowledged id is
// looked up in `predictions`. A process that dies is counted as a crash and started again.
// Prints a table, then ONE JSON line:
//   {"requests":N,"server_errors":0,"crashes":0,"acknowledged":A,"logged":L,"lost":0}
//
// Options: --malformed N (20000) --connections N (16) --seed N (1) --good-every N (4) --keep
import net from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort } from '../scripts/lib/services';
import { fmt, log, printTable } from './lib/report';
import { startServeProcess, type ServeProcess } from './lib/serve-process';
import { setupBenchStack } from './lib/stack';

const { values: args } = parseArgs({
  options: {
    malformed: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
    'good-every': { type: 'string', default: '4' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const MALFORMED = Number(args.malformed);
const CONNECTIONS = Number(args.connections);
const GOOD_EVERY = Number(args['good-every']);

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(Number(args.seed));
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

const NASTY_STRINGS = ['\u0000', '\ud800', '\udfff', 'a\u0000b', '\u2028\u2029', '\uffff', '💥', '"', '\\', '%00', '%', '%E0%A4%A', '\r\n', ' '.repeat(300), 'x'.repeat(5000), '', 'null', '1e999', '<script>', "'; DROP TABLE predictions; --"];
const NASTY_VALUES: unknown[] = [null, true, false, 0, -1, 1e308, -1e-308, 17.99, 2 ** 53 + 1, '', [], {}, [[[[[]]]]], { a: { b: { c: {} } } }, ...NASTY_STRINGS];

function nested(depth: number, leaf: unknown = 1): string {
  const open = pick(['[', '{"a":']);
  const close = open === '[' ? ']' : '}';
  return open.repeat(depth) + JSON.stringify(leaf) + close.repeat(depth);
}

/** Percent-encodes; a lone surrogate (not encodable) becomes its CESU bytes, which no decoder accepts. */
function escapeOrRaw(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

/** Replaces a random value somewhere in a JSON-like value (copy). */
function mutateValue(v: unknown, depth = 0): unknown {
  if (depth > 4 || v === null || typeof v !== 'object' || rnd() < 0.3) return pick(NASTY_VALUES);
  if (Array.isArray(v)) {
    const c = [...v];
    const r = rnd();
    if (r < 0.15) c.push(pick(NASTY_VALUES));
    else if (r < 0.25 && c.length) c.splice(int(c.length), 1);
    else if (c.length) c[int(c.length)] = mutateValue(c[int(c.length)], depth + 1);
    return c;
  }
  const o = { ...(v as Record<string, unknown>) };
  const keys = Object.keys(o);
  const r = rnd();
  if (r < 0.15) o[pick(NASTY_STRINGS) || 'extra'] = pick(NASTY_VALUES);
  else if (r < 0.25 && keys.length) delete o[pick(keys)];
  else if (keys.length) {
    const k = pick(keys);
    o[k] = mutateValue(o[k], depth + 1);
  }
  return o;
}

/** Byte-level damage to JSON text. */
function mutateText(s: string): string {
  const r = rnd();
  const at = int(s.length + 1);
  if (r < 0.2) return s.slice(0, at); // truncated
  if (r < 0.4) return s.slice(0, at) + pick(['"', '{', '}', '[', ']', ',', ':', '\\', '\u0000', '\ud800', 'NaN', 'Infinity', '-', '1e999', '\n', '💥']) + s.slice(at);
  if (r < 0.55) return s.slice(0, at) + s.slice(at + 1 + int(8));
  if (r < 0.65) return s.replace(/"[a-z_]+":/, (m) => `${m}${nested(50 + int(20_000))},"dup":`); // deep nesting
  if (r < 0.75) return s.replace('{', `{"rows":[],`); // duplicate key
  if (r < 0.85) return `${s}${s}`; // two documents
  return Buffer.from(Buffer.from(s).map((b) => (rnd() < 0.02 ? int(256) : b))).toString('latin1');
}

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  raw?: string;
  good?: 'predict' | 'feedback';
}

function main(model: string, key: string, rows: Record<string, unknown>[], acked: string[]) {
  const predictPath = `/v1/models/${model}/predict`;
  const validPredict = () => {
    const n = 1 + int(3);
    return { rows: Array.from({ length: n }, () => pick(rows)), request_key: `fuzz-${int(1000)}`, context: Array.from({ length: n }, () => ({ segment: pick(['a', 'b']) })) };
  };
  const validInfer = () => {
    const r = pick(rows);
    return { id: 'fuzz', inputs: Object.entries(r).map(([k, v]) => ({ name: k, shape: [1], datatype: typeof v === 'string' ? 'BYTES' : 'FP64', data: [v] })), outputs: [{ name: 'probability' }] };
  };
  const validFeedback = () => ({ labels: acked.slice(-1 - int(3)).map((id) => ({ prediction_id: id, label: int(2) })) });
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

  const malformed = (): Req => {
    const kind = int(100);
    if (kind < 45) {
      // A mutated body of one of the POST APIs.
      const [p, body] = pick([
        [predictPath, validPredict()],
        [`/v2/models/${model}/infer`, validInfer()],
        [`/v2/models/${model}/versions/${1 + int(3)}/infer`, validInfer()],
        ['/v1/feedback', acked.length ? validFeedback() : { labels: [] }],
      ] as const);
      const text = rnd() < 0.5 ? JSON.stringify(mutateValue(body)) : mutateText(JSON.stringify(body));
      return { method: 'POST', path: p, headers: auth, body: text };
    }
    if (kind < 60) {
      // Random paths and escapes.
      const seg = () => pick(['v1', 'v2', 'models', model, 'predict', 'infer', 'versions', 'ready', 'feedback', 'health', 'metrics', '%', '%E0%A4%A', '%C0%AF', '%ZZ', '%00', '..', '.', escapeOrRaw(pick(NASTY_STRINGS).slice(0, 50)), 'x'.repeat(int(3000)), String(int(1e12)), '-1', '1.5']);
      const p = '/' + Array.from({ length: int(7) }, seg).join('/');
      return { method: pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']), path: p, headers: auth, body: rnd() < 0.5 ? JSON.stringify(validPredict()) : undefined };
    }
    if (kind < 75) {
      // A valid body with wrong headers: content type, key, method.
      const h: Record<string, string> = { ...auth };
      const r = int(5);
      if (r === 0) h['content-type'] = pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '', 'application/json; charset=latin1']);
      else if (r === 1) h.authorization = pick(['', 'Bearer', 'Bearer ', 'Basic abc', `Bearer vsk_000000000000_${'a'.repeat(32)}`, `Bearer ${key}x`, `Bearer ${'x'.repeat(5000)}`]);
      else if (r === 2) delete h.authorization;
      else if (r === 3) h['x-api-key'] = pick(NASTY_STRINGS.filter((s) => [...s].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f)));
      else h['content-encoding'] = 'gzip';
      return { method: rnd() < 0.8 ? 'POST' : pick(['GET', 'PUT']), path: pick([predictPath, '/v1/feedback', `/v2/models/${model}/infer`]), headers: h, body: JSON.stringify(validPredict()) };
    }
    if (kind < 85) {
      // Oversize or deeply nested bodies, strings Postgres cannot store in valid JSON.
      const r = int(3);
      if (r === 0) return { method: 'POST', path: predictPath, headers: auth, body: JSON.stringify({ rows: [pick(rows)], context: ['x'.repeat(1_100_000 + int(10_000))] }) };
      if (r === 1) return { method: 'POST', path: predictPath, headers: auth, body: `{"rows":[${JSON.stringify(pick(rows))}],"context":[${nested(100 + int(100_000))}]}` };
      const b = validPredict();
      const s = pick(['\u0000', '\ud800', 'ok\udc00']);
      const where = int(3);
      if (where === 0) b.request_key = s;
      else if (where === 1) b.context[0] = { segment: s };
      else b.rows = [{ ...b.rows[0], [pick(Object.keys(b.rows[0]))]: s }];
      return { method: 'POST', path: pick([predictPath, '/v1/feedback']), headers: auth, body: JSON.stringify(b) };
    }
    // Raw bytes: broken request lines, headers and framing.
    return {
      method: 'RAW',
      path: '',
      headers: {},
      raw: pick([
        `POST /v1/models/${model}/%E0%A4%A/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
        `GET /% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        `POST ${predictPath} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        `POST ${predictPath} HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n`,
        `POST ${predictPath} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
        `\u0000\u0001\u0002 garbage\r\n\r\n`,
        `GET ${'/'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        `POST ${predictPath} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"rows":`,
        `BREW /coffee HTCPCP/1.0\r\n\r\n`,
      ]),
    };
  };

  const good = (): Req => {
    if (acked.length && rnd() < 0.2) return { method: 'POST', path: '/v1/feedback', headers: auth, body: JSON.stringify({ ...validFeedback(), overwrite: rnd() < 0.5 }), good: 'feedback' };
    return { method: 'POST', path: predictPath, headers: auth, body: JSON.stringify(validPredict()), good: 'predict' };
  };
  return { malformed, good };
}

interface Outcome {
  status: number;
  body: string;
}

function sendHttp(agent: http.Agent, port: number, r: Req): Promise<Outcome> {
  return new Promise((resolve) => {
    let headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
    headers = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    let req: http.ClientRequest;
    try {
      req = http.request({ host: '127.0.0.1', port, path: r.path, method: r.method, agent, headers, timeout: 20_000 }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', (e) => resolve({ status: 0, body: e.message }));
      });
    } catch (e) {
      // The client library refused the request itself (e.g. a header it will not send).
      return resolve({ status: -1, body: (e as Error).message });
    }
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(r.body);
  });
}

function sendRaw(port: number, raw: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => (buf += d));
    sock.on('error', (e) => resolve({ status: 0, body: (e as NodeJS.ErrnoException).code ?? e.message }));
    sock.on('close', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d+)/.exec(buf)?.[1] ?? 0), body: buf.slice(0, 300) }));
    sock.setTimeout(20_000, () => sock.destroy());
    sock.end(Buffer.from(raw, 'latin1'));
  });
}

const stack = await setupBenchStack('fuzz', log, { keep: args.keep });
let exitCode = 0;
let result: Record<string, number> | null = null;
const byStatus: Record<string, number> = {};
const serverErrorSamples: string[] = [];
try {
  const { registerDemoModel, requestRows } = await import('./lib/demo-model');
  const demo = await registerDemoModel(2, log);
  const rows = requestRows(256);
  const port = await freePort();
  const opts = { env: { ...stack.childEnv, VIGIL_SPOOL_ROTATE_MS: '100' }, port, instance: 'bench-fuzz', logFile: path.join(stack.dir, 'serve-fuzz.log') };
  let serve: ServeProcess = await startServeProcess(opts);
  let crashes = 0;
  let restarting: Promise<void> | null = null;
  const watch = (s: ServeProcess) =>
    void s.exited.then((exit) => {
      if (stopping) return;
      crashes++;
      log(`serving process DIED (${exit}); restarting it (same instance)`);
      restarting = startServeProcess(opts).then((s2) => {
        serve = s2;
        watch(s2);
        restarting = null;
      });
    });
  let stopping = false;
  watch(serve);

  const acked: string[] = [];
  const gen = main(demo.name, demo.key, rows, acked);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let malformedSent = 0;
  let goodSent = 0;
  let requests = 0;
  let serverErrors = 0;
  let goodFailed = 0;
  const t0 = performance.now();
  let lastReport = t0;
  const loop = async () => {
    while (malformedSent < MALFORMED) {
      if (restarting) await restarting;
      const isGood = (requests + 1) % GOOD_EVERY === 0;
      const r = isGood ? gen.good() : gen.malformed();
      if (isGood) goodSent++;
      else malformedSent++;
      requests++;
      const o = r.method === 'RAW' ? await sendRaw(serve.port, r.raw!) : await sendHttp(agent, serve.port, r);
      const k = o.status <= 0 ? (o.status === -1 ? 'client refused to send' : `connection: ${o.body}`) : String(o.status);
      byStatus[k] = (byStatus[k] ?? 0) + 1;
      if (o.status >= 500) {
        serverErrors++;
        if (serverErrorSamples.length < 5) serverErrorSamples.push(`${r.method} ${r.path.slice(0, 80)} → ${o.status} ${o.body.slice(0, 200)}`);
      }
      if (r.good) {
        if (o.status !== 200) goodFailed++;
        else if (r.good === 'predict') acked.push(...(JSON.parse(o.body) as { predictions: { prediction_id: string }[] }).predictions.map((p) => p.prediction_id));
      }
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        log(`${requests} requests (${malformedSent} malformed), ${acked.length} acknowledged, ${serverErrors} 5xx, ${crashes} crashes`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  const alive = await fetch(`http://127.0.0.1:${serve.port}/v2/health/live`).then((r) => r.ok, () => false);
  if (!alive) crashes++;
  stopping = true;
  const exit = await serve.stop(); // ships the spool before exiting
  log(`serving stopped (${exit}); counting acknowledged ids in Postgres`);
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  let logged = 0;
  for (let i = 0; i < acked.length; i += 20_000) {
    logged += Number((await client.query('SELECT count(*) AS n FROM predictions WHERE id = ANY($1::uuid[])', [acked.slice(i, i + 20_000)])).rows[0].n);
  }
  const quarantined = Number((await client.query('SELECT count(*) AS n FROM prediction_quarantine')).rows[0].n);
  await client.end();
  console.log(`\nFuzz: ${malformedSent} malformed + ${goodSent} good requests over ${CONNECTIONS} connections in ${fmt(seconds, 1)} s (seed ${args.seed})\n`);
  printTable(['answer', 'requests'], Object.entries(byStatus).sort((a, b) => b[1] - a[1]));
  console.log(`\ngood requests that failed: ${goodFailed}; quarantined records: ${quarantined}`);
  for (const s of serverErrorSamples) console.log(`5xx sample: ${s}`);
  result = { requests, server_errors: serverErrors, crashes, acknowledged: acked.length, logged, lost: acked.length - logged };
  if (serverErrors || crashes || result.lost || goodFailed) exitCode = 1;
} catch (e) {
  log(`bench failed: ${e instanceof Error ? e.stack : String(e)}`);
  exitCode = 1;
} finally {
  const { pool } = await import('@/server/db/client');
  await pool().end().catch(() => {});
  await stack.stop();
}
if (result) console.log(JSON.stringify(result));
process.exit(exitCode);
