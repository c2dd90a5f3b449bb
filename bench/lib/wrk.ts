// HTTP load with wrk (Debian's `wrk`): fixed connection count, fixed duration, POST bodies
// rotated from a list, and the figures taken from wrk's own Lua `done` hook (its HdrHistogram
// latency percentiles, request and error counts) as one JSON line, so nothing is scraped from
// its human-readable output. Every server compared in a bench is loaded by this same function.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDebianBinary } from '../../scripts/lib/services';

export interface WrkResult {
  requests: number;
  durationS: number;
  rps: number;
  /** Latency in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  /** Socket errors (connect/read/write/timeout) and non-2xx/3xx responses. */
  errors: { connect: number; read: number; write: number; timeout: number; status: number };
}

export function ensureWrk(log: (s: string) => void): string {
  return ensureDebianBinary('wrk', 'wrk', log, ['/usr/bin/wrk']);
}

/** Lua long string that cannot be closed by the content. */
function luaString(s: string): string {
  let eq = '=';
  while (s.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${s}]${eq}]`;
}

function luaScript(path_: string, headers: Record<string, string>, bodies: string[]): string {
  const hdrs = Object.entries(headers)
    .map(([k, v]) => `[ ${luaString(k)} ] = ${luaString(v)}`)
    .join(', ');
  return `
local bodies = { ${bodies.map(luaString).join(',\n')} }
local reqs = {}
local i = 0
init = function(args)
  local headers = { ${hdrs} }
  for k, b in ipairs(bodies) do reqs[k] = wrk.format("POST", ${luaString(path_)}, headers, b) end
  i = math.random(#reqs) - 1
end
request = function()
  i = (i % #reqs) + 1
  return reqs[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.3f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
end
`;
}

export async function runWrk(opts: {
  bin: string;
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  connections: number;
  threads: number;
  durationS: number;
  scratchDir: string;
  timeoutS?: number;
}): Promise<WrkResult> {
  const u = new URL(opts.url);
  const script = path.join(opts.scratchDir, `wrk-${process.pid}-${Date.now()}.lua`);
  fs.writeFileSync(script, luaScript(u.pathname + u.search, { 'Content-Type': 'application/json', ...opts.headers }, opts.bodies));
  const args = ['-t', String(opts.threads), '-c', String(opts.connections), '-d', `${opts.durationS}s`, '--timeout', `${opts.timeoutS ?? 10}s`, '--latency', '-s', script, `${u.protocol}//${u.host}`];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(opts.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}:\n${text}`))));
  });
  fs.rmSync(script, { force: true });
  const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const j = JSON.parse(line.slice(8)) as Record<string, number>;
  const durationS = j.duration_us / 1e6;
  return {
    requests: j.requests,
    durationS,
    rps: j.requests / durationS,
    p50: j.p50 / 1000,
    p90: j.p90 / 1000,
    p99: j.p99 / 1000,
    p999: j.p999 / 1000,
    max: j.max / 1000,
    mean: j.mean / 1000,
    errors: { connect: j.connect, read: j.read, write: j.write, timeout: j.timeout, status: j.status },
  };
}

export function wrkErrors(r: WrkResult): number {
  const e = r.errors;
  return e.connect + e.read + e.write + e.timeout + e.status;
}
