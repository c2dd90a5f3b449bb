// `npm run bench:serve`: throughput and tail latency of Vigil's serving process for single-row
// predictions with durable logging on, against (1) a bare Node `http` JSON echo server and
// (2) Flask + gunicorn + scikit-learn serving an equivalent model, all loaded by wrk with the
// same settings in the same run.
//
// Everything is set up here in a scratch folder: Postgres + Redis, the demo loan model (Vigil's
// logreg on 5,000 generated rows), a serving key, and the serving process started as
// production runs it (`node --import tsx workers/serve.ts`, VIGIL_SERVE_DURABILITY=fsync).
// Each server gets a warm-up run, then a measured run. A table is printed, then ONE JSON line:
//   {"vigil_rps","vigil_p99_ms","bare_rps","bare_p99_ms","rps_ratio","p99_ratio","cpu_ratio", …}
// cpu_ratio: CPU per logged prediction (serving + Postgres) over the bare server's CPU per request.
//
// Options: --duration S (20) --warmup S (5) --connections N (64) --threads N (2)
//          --workers N (2; also run Vigil with VIGIL_SERVE_WORKERS=N; 0 or 1 skips that run)
//          --compare-tree DIR (also run the serving process of another checkout, e.g. an older
//          commit extracted with `git archive`, as `vigil_before`: a before/after in one run)
//          --no-flask, --no-write (skip VIGIL_SERVE_DURABILITY=write), --profile (CPU profile
//          of the serving process during its measured run, summarised), --keep (keep the folder)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/lib/services';
import { summariseCpuProfile } from './lib/cpu-profile';
import { cpuMeter, postmasterPid } from './lib/cpu-usage';
import { ensureFlaskStack, startFlask } from './lib/flask';
import { baseEnv, spawnService, type ChildService } from './lib/process';
import { fmt, log, printTable, round } from './lib/report';
import { REPO_ROOT, startServeProcess } from './lib/serve-process';
import { setupBenchStack } from './lib/stack';
import { ensureWrk, runWrk, wrkErrors, type WrkResult } from './lib/wrk';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
    threads: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
    'compare-tree': { type: 'string' },
    'no-flask': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const durationS = Number(args.duration);
const warmupS = Number(args.warmup);
const connections = Number(args.connections);
const threads = Number(args.threads);
const workers = Number(args.workers);
if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
  process.stderr.write(`bench:serve: --workers must be a whole number from 0 to 64, got '${args.workers}'\n`);
  process.exit(1);
}

function fail(message: string): never {
  process.stderr.write(`bench:serve: ${message}\n`);
  process.exit(1);
}

const wrk = (() => {
  try {
    return ensureWrk(log);
  } catch (e) {
    return fail((e as Error).message);
  }
})();
if (!args['no-flask']) {
  const missing = ensureFlaskStack(log);
  if (missing) fail(missing);
}

const stack = await setupBenchStack('serve', log, { keep: args.keep });
const results: Record<string, WrkResult> = {};
/** CPU seconds per second of the measured run: the server's process tree, and Postgres. */
const cores: Record<string, { server: number; postgres: number }> = {};
let exitCode = 0;
const extra: Record<string, unknown> = {};
try {
  const { registerDemoModel, requestRows, trainingCsv } = await import('./lib/demo-model');
  const demo = await registerDemoModel(1, log);
  const bodies = requestRows(256).map((r) => JSON.stringify({ rows: [r] }));
  const path_ = `/v1/models/${demo.name}/predict`;
  const load = (port: number, headers: Record<string, string>, seconds: number) =>
    runWrk({ bin: wrk, url: `http://127.0.0.1:${port}${path_}`, headers, bodies, connections, threads, durationS: seconds, scratchDir: stack.dir });

  async function measure(label: string, server: { port: number; pid?: number; headers: Record<string, string>; stop: () => Promise<unknown> }) {
    log(`${label}: warm-up ${warmupS} s`);
    await load(server.port, server.headers, warmupS);
    log(`${label}: measuring ${durationS} s at ${connections} connections`);
    const meter = cpuMeter({ server: server.pid, postgres: postmasterPid(stack.postgres.dataDir) });
    const r = await load(server.port, server.headers, durationS);
    const used = meter();
    // A process that exits during the run takes its ticks with it: clamp at 0.
    cores[label] = { server: Math.max(0, used.server) / r.durationS, postgres: Math.max(0, used.postgres) / r.durationS };
    results[label] = r;
    log(`${label}: ${fmt(r.rps, 0)} req/s, p99 ${fmt(r.p99, 2)} ms, errors ${wrkErrors(r)}, cores: server ${fmt(cores[label].server, 2)}, postgres ${fmt(cores[label].postgres, 2)}`);
    await server.stop();
    return r;
  }

  // 1. The bare Node echo server.
  {
    const port = await freePort();
    const svc = await spawnService({ command: process.execPath, args: ['--import', 'tsx', 'bench/lib/echo-server.ts', String(port)], cwd: REPO_ROOT, env: baseEnv({}), logFile: path.join(stack.dir, 'echo.log'), readyUrl: `http://127.0.0.1:${port}/` });
    await measure('bare', { port, pid: svc.child.pid, headers: {}, stop: svc.stop });
  }

  // 2. Vigil's serving process, fsync durability (the default), then write durability.
  // 3. The same with VIGIL_SERVE_WORKERS=N processes sharing the port (fsync).
  const modes: { label: string; durability: 'fsync' | 'write'; workers: number; cwd?: string }[] = [{ label: 'vigil_fsync', durability: 'fsync', workers: 1 }];
  if (args['compare-tree']) modes.unshift({ label: 'vigil_before', durability: 'fsync', workers: 1, cwd: path.resolve(args['compare-tree']) });
  if (!args['no-write']) modes.push({ label: 'vigil_write', durability: 'write', workers: 1 });
  if (workers > 1) modes.push({ label: 'vigil_workers', durability: 'fsync', workers });
  const profDir = path.join(stack.dir, 'prof');
  for (const mode of modes) {
    const port = await freePort();
    const profile = args.profile && mode.label === 'vigil_fsync';
    const serve = await startServeProcess({
      env: stack.childEnv,
      port,
      instance: `bench-${mode.label}`,
      logFile: path.join(stack.dir, `serve-${mode.label}.log`),
      durability: mode.durability,
      workers: mode.workers,
      cwd: mode.cwd,
      nodeArgs: profile ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [],
    });
    const { pool } = await import('@/server/db/client');
    const before = Number((await pool().query('SELECT count(*) AS n FROM predictions')).rows[0].n);
    const r = await measure(mode.label, { port, pid: serve.child.pid, headers: { Authorization: `Bearer ${demo.key}` }, stop: serve.stop });
    // SIGTERM drained the spool: every acknowledged prediction of this run should be in Postgres.
    const after = Number((await pool().query('SELECT count(*) AS n FROM predictions')).rows[0].n);
    extra[`${mode.label}_logged_rows`] = after - before;
    log(`${mode.label}: ${after - before} prediction rows logged (warm-up + measured: ≥ ${r.requests - r.errors.status} acknowledged in the measured run)`);
  }
  if (args.profile) {
    const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      const keepAt = path.join(REPO_ROOT, '.vigil', 'bench', 'serve.cpuprofile');
      fs.mkdirSync(path.dirname(keepAt), { recursive: true });
      fs.copyFileSync(path.join(profDir, file), keepAt);
      const s = summariseCpuProfile(keepAt, 25);
      console.log(`\nCPU profile of the serving process (warm-up + measured run, ${fmt(s.totalMs / 1000, 1)} s sampled; saved to ${path.relative(REPO_ROOT, keepAt)})`);
      printTable(['area', 'self ms', '%'], s.areas.map((a) => [a.area, a.selfMs, fmt(a.share, 1)]));
      console.log('');
      printTable(['function', 'where', 'self ms', '%'], s.functions.map((f) => [f.name, f.where, f.selfMs, fmt(f.share, 1)]));
      console.log('');
    } else log('no CPU profile was written');
  }

  // 4. Flask + gunicorn + scikit-learn.
  if (!args['no-flask']) {
    const csv = path.join(stack.dir, 'train.csv');
    fs.writeFileSync(csv, trainingCsv());
    const port = await freePort();
    const svc: ChildService = await startFlask({ port, trainCsv: csv, logFile: path.join(stack.dir, 'flask.log') });
    await measure('flask', { port, pid: svc.child.pid, headers: {}, stop: svc.stop });
  }
} catch (e) {
  log(`bench failed: ${e instanceof Error ? e.stack : String(e)}`);
  exitCode = 1;
} finally {
  const { pool } = await import('@/server/db/client');
  await pool().end().catch(() => {});
  await stack.stop();
}
if (exitCode) process.exit(exitCode);

const names: Record<string, string> = { bare: 'bare Node http echo', vigil_fsync: 'Vigil serve, durability=fsync', vigil_write: 'Vigil serve, durability=write', vigil_workers: `Vigil serve, fsync, ${workers} workers`, vigil_before: `Vigil serve, fsync, ${args['compare-tree']}`, flask: 'Flask + gunicorn (2 gthread workers) + sklearn' };
console.log(`\nSingle-row predict, ${connections} connections, wrk ${threads} threads, ${durationS} s measured after ${warmupS} s warm-up (loopback)\n`);
printTable(
  ['server', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'server cores', 'pg cores', 'CPU µs/req'],
  Object.entries(results).map(([k, r]) => {
    const c = cores[k];
    return [names[k] ?? k, fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p90, 2), fmt(r.p99, 2), fmt(r.max, 1), wrkErrors(r), fmt(c.server, 2), fmt(c.postgres, 2), fmt((1e6 * (c.server + c.postgres)) / r.rps, 0)];
  }),
);
console.log('(cores: CPU seconds per second of the measured run, of the server\'s process tree and of Postgres; the machine has 2, shared with wrk)');
const v = results.vigil_fsync;
const b = results.bare;
const f = results.flask;
const w = results.vigil_write;
const mw = results.vigil_workers;
/** CPU seconds (server tree + Postgres) per answered request. */
const cpuPerRequest = (k: string) => (cores[k].server + cores[k].postgres) / results[k].rps;
console.log(
  JSON.stringify({
    vigil_rps: round(v.rps, 1),
    vigil_p99_ms: round(v.p99, 3),
    bare_rps: round(b.rps, 1),
    bare_p99_ms: round(b.p99, 3),
    rps_ratio: round(v.rps / b.rps, 3),
    p99_ratio: round(v.p99 / b.p99, 3),
    cpu_ratio: round(cpuPerRequest('vigil_fsync') / cpuPerRequest('bare'), 3),
    cpu_us_per_request: Object.fromEntries(Object.keys(results).map((k) => [k, round(1e6 * cpuPerRequest(k), 1)])),
    before_cpu_ratio: results.vigil_before ? round(cpuPerRequest('vigil_before') / cpuPerRequest('bare'), 3) : null,
    before_p99_ratio: results.vigil_before ? round(results.vigil_before.p99 / b.p99, 3) : null,
    workers: mw ? workers : null,
    workers_rps: mw ? round(mw.rps, 1) : null,
    workers_p99_ms: mw ? round(mw.p99, 3) : null,
    workers_p99_ratio: mw ? round(mw.p99 / b.p99, 3) : null,
    workers_cpu_ratio: mw ? round(cpuPerRequest('vigil_workers') / cpuPerRequest('bare'), 3) : null,
    flask_rps: f ? round(f.rps, 1) : null,
    flask_p99_ms: f ? round(f.p99, 3) : null,
    vigil_write_rps: w ? round(w.rps, 1) : null,
    vigil_write_p99_ms: w ? round(w.p99, 3) : null,
    durability: 'fsync',
    cores: Object.fromEntries(Object.entries(cores).map(([k, c]) => [k, { server: round(c.server, 2), postgres: round(c.postgres, 2) }])),
    connections,
    duration_s: durationS,
    errors: { vigil: wrkErrors(v), bare: wrkErrors(b), flask: f ? wrkErrors(f) : null, vigil_write: w ? wrkErrors(w) : null, vigil_workers: mw ? wrkErrors(mw) : null },
    ...extra,
  }),
);
