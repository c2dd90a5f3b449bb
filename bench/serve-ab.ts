// `npx tsx bench/serve-ab.ts --tree DIR`: bench:serve's measurement, interleaved, for a machine
// too noisy for back-to-back runs. The bare echo server, the serving process of another checkout
// (DIR, e.g. an older commit extracted with `git archive`) and this checkout's serving process
// (and, with --workers N, this checkout with VIGIL_SERVE_WORKERS=N) all run at once; the wrk
// load goes to each in turn for --slice seconds, --rounds times, so slow swings of the machine's
// load hit every server alike. CPU (server tree + Postgres) and requests are summed per server
// over its slices; p99 is the median of its slices' p99s. ONE JSON line at the end:
//   {"cpu_us":{…},"cpu_ratio":{…},"p99_ms":{…},"p99_ratio":{…},"rps":{…},"logged_rows","acknowledged_in_slices"}
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/lib/services';
import { cpuMeter, postmasterPid } from './lib/cpu-usage';
import { baseEnv, spawnService, type ChildService } from './lib/process';
import { fmt, log, printTable, round } from './lib/report';
import { REPO_ROOT, startServeProcess } from './lib/serve-process';
import { setupBenchStack } from './lib/stack';
import { ensureWrk, runWrk, wrkErrors } from './lib/wrk';

const { values: args } = parseArgs({
  options: {
    tree: { type: 'string' },
    rounds: { type: 'string', default: '4' },
    slice: { type: 'string', default: '8' },
    connections: { type: 'string', default: '64' },
    threads: { type: 'string', default: '2' },
    workers: { type: 'string', default: '0' },
  },
  strict: true,
});
const rounds = Number(args.rounds);
const sliceS = Number(args.slice);
const connections = Number(args.connections);
const threads = Number(args.threads);
const workers = Number(args.workers);
if (![rounds, sliceS, connections, threads, workers].every((n) => Number.isInteger(n) && n >= 0) || rounds < 1 || sliceS < 1) {
  process.stderr.write('bench:serve-ab: --rounds, --slice, --connections, --threads, --workers must be whole numbers (rounds, slice ≥ 1)\n');
  process.exit(1);
}
const wrk = ensureWrk(log);
const stack = await setupBenchStack('serve-ab', log);
const servers: { label: string; port: number; pid: number; headers: Record<string, string>; stop: () => Promise<unknown> }[] = [];
const acc = new Map<string, { cpu: number; requests: number; seconds: number; p99s: number[]; errors: number }>();
const logged: Record<string, number> = {};
try {
  const { registerDemoModel, requestRows } = await import('./lib/demo-model');
  const demo = await registerDemoModel(1, log);
  const bodies = requestRows(256).map((r) => JSON.stringify({ rows: [r] }));
  const auth = { Authorization: `Bearer ${demo.key}` };
  {
    const port = await freePort();
    const svc: ChildService = await spawnService({ command: process.execPath, args: ['--import', 'tsx', 'bench/lib/echo-server.ts', String(port)], cwd: REPO_ROOT, env: baseEnv({}), logFile: path.join(stack.dir, 'echo.log'), readyUrl: `http://127.0.0.1:${port}/` });
    servers.push({ label: 'bare', port, pid: svc.child.pid!, headers: {}, stop: svc.stop });
  }
  const vigil: { label: string; cwd?: string; workers: number }[] = [];
  if (args.tree) vigil.push({ label: 'vigil_before', cwd: path.resolve(args.tree), workers: 1 });
  vigil.push({ label: 'vigil_fsync', workers: 1 });
  if (workers > 1) vigil.push({ label: 'vigil_workers', workers });
  for (const v of vigil) {
    const port = await freePort();
    const s = await startServeProcess({ env: stack.childEnv, port, instance: `ab-${v.label}`, logFile: path.join(stack.dir, `${v.label}.log`), durability: 'fsync', workers: v.workers, cwd: v.cwd });
    servers.push({ label: v.label, port, pid: s.child.pid!, headers: auth, stop: s.stop });
  }
  const load = (s: (typeof servers)[number], seconds: number) =>
    runWrk({ bin: wrk, url: `http://127.0.0.1:${s.port}/v1/models/${demo.name}/predict`, headers: s.headers, bodies, connections, threads, durationS: seconds, scratchDir: stack.dir });
  const { pool } = await import('@/server/db/client');
  const count = async () => Number((await pool().query('SELECT count(*) AS n FROM predictions')).rows[0].n);
  for (const s of servers) {
    log(`${s.label}: warm-up 5 s`);
    await load(s, 5);
  }
  const pgPid = postmasterPid(stack.postgres.dataDir);
  for (let r = 0; r < rounds; r++) {
    for (const s of servers) {
      const meter = cpuMeter({ server: s.pid, postgres: pgPid });
      const w = await load(s, sliceS);
      const used = meter();
      const a = acc.get(s.label) ?? { cpu: 0, requests: 0, seconds: 0, p99s: [], errors: 0 };
      a.cpu += Math.max(0, used.server) + Math.max(0, used.postgres);
      a.requests += w.requests;
      a.seconds += w.durationS;
      a.p99s.push(w.p99);
      a.errors += wrkErrors(w);
      acc.set(s.label, a);
      log(`round ${r + 1}/${rounds} ${s.label}: ${fmt(w.rps, 0)} req/s, p99 ${fmt(w.p99, 1)} ms, CPU ${fmt((1e6 * (used.server + used.postgres)) / w.requests, 0)} µs/req`);
      // Postgres keeps ingesting the slice's log for a moment: let it finish before the next slice.
      if (s.label !== 'bare') await new Promise((res) => setTimeout(res, 1500));
    }
  }
  // Every acknowledged prediction (warm-ups and slices) is in Postgres once the serving processes have drained.
  for (const s of servers) await s.stop();
  servers.length = 0;
  logged.logged_rows = await count();
  logged.acknowledged_in_slices = [...acc.entries()].filter(([k]) => k !== 'bare').reduce((n, [, a]) => n + a.requests, 0);
} finally {
  for (const s of servers) await s.stop().catch(() => {});
  const { pool } = await import('@/server/db/client');
  await pool().end().catch(() => {});
  await stack.stop();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [...acc.entries()].map(([k, a]) => ({ k, cpuUs: (1e6 * a.cpu) / a.requests, p99: median(a.p99s), rps: a.requests / a.seconds, errors: a.errors }));
const bare = rows.find((r) => r.k === 'bare')!;
console.log(`\nInterleaved: ${rounds} rounds × ${sliceS} s per server, ${connections} connections, wrk ${threads} threads\n`);
printTable(
  ['server', 'req/s', 'p99 ms (median of slices)', 'CPU µs/req (server + pg)', 'cpu ratio', 'p99 ratio', 'errors'],
  rows.map((r) => [r.k, fmt(r.rps, 0), fmt(r.p99, 1), fmt(r.cpuUs, 0), fmt(r.cpuUs / bare.cpuUs, 2), fmt(r.p99 / bare.p99, 2), r.errors]),
);
const by = (f: (r: (typeof rows)[number]) => number) => Object.fromEntries(rows.map((r) => [r.k, round(f(r), 3)]));
console.log(JSON.stringify({ cpu_us: by((r) => r.cpuUs), cpu_ratio: by((r) => r.cpuUs / bare.cpuUs), p99_ms: by((r) => r.p99), p99_ratio: by((r) => r.p99 / bare.p99), rps: by((r) => r.rps), rounds, slice_s: sliceS, ...logged }));
