// `npm run bench:faults`: does an acknowledged prediction survive the serving process being
// killed, and Postgres going away? A 200 from the predict API promises that the prediction's
// log record is fsynced in the serving process's spool and will reach the `predictions` table.
//
// (a) kill -9: load (32 keep-alive connections, single-row requests) against the serving
//     process (`node --import tsx workers/serve.ts`, durability=fsync); SIGKILL it mid-run,
//     start it again with the same VIGIL_SERVE_INSTANCE (so it finds and ships its spool), let
//     the load go on, then wait for the backlog to ship and count the acknowledged prediction
//     ids that are not in `predictions`.
// (b) Postgres outage: same load against a fresh serving process; stop Postgres (we own it:
//     bench/lib/postgres.ts) for 30 s, start it again on the same port and data folder, let the
//     load go on, wait for shipping, count missing acknowledged ids. Requests that fail while
//     Postgres is down are counted and broken down by answer.
// (c) Disk full: the serving process's spool lives on a small tmpfs (mounted when we may; else
//     a write failure is injected by bench/lib/enospc-preload.mjs); under the same load, with
//     8 clients sending feedback for just-acknowledged ids, the filesystem is filled to the last
//     byte for --disk-full seconds and then freed. Requests answered while the disk is full must
//     be 503s (nothing acknowledged) or 200s whose records are on disk; 0 acknowledged lost.
// Every prediction id is recorded from the client side: the ids in 200 answers are exactly the
// acknowledged predictions. Prints tables, then ONE JSON line:
//   {"kill9_acknowledged","kill9_lost","pg_outage_acknowledged","pg_outage_lost",
//    "disk_full_acknowledged","disk_full_lost", …}
//
// Options: --connections N (32) --outage S (30) --disk-full S (3) --disk-mib N (8) --keep
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort } from '../scripts/lib/services';
import { outcomes, startLoad, type Sample } from './lib/load';
import { fmt, log, printTable } from './lib/report';
import { startServeProcess, type ServeProcess } from './lib/serve-process';
import { setupBenchStack, type BenchStack } from './lib/stack';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    outage: { type: 'string', default: '30' },
    'disk-full': { type: 'string', default: '3' },
    'disk-mib': { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const connections = Number(args.connections);
const outageS = Number(args.outage);
const diskFullS = Number(args['disk-full']);
const diskMiB = Number(args['disk-mib']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tail = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => !/^\s+at |^params:/.test(l)).slice(-12).join('\n');
const ackedIds = (samples: Sample[]) => samples.flatMap((s) => (s.status === 200 && s.ids ? s.ids : []));

/** Loads the acknowledged ids into a temp table once; `missing()` counts those not in predictions. */
async function missingCounter(databaseUrl: string, ids: string[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('CREATE TEMP TABLE acked (id uuid PRIMARY KEY)');
  for (let i = 0; i < ids.length; i += 20_000) await client.query('INSERT INTO acked SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING', [ids.slice(i, i + 20_000)]);
  const missing = async () => Number((await client.query('SELECT count(*) AS n FROM acked a WHERE NOT EXISTS (SELECT 1 FROM predictions p WHERE p.id = a.id)')).rows[0].n);
  return { missing, close: () => client.end() };
}

/** Polls until every acknowledged id is in Postgres (or the deadline); then stops serving (it drains) and counts again. */
async function settle(stack: BenchStack, serve: ServeProcess, ids: string[], waitMs: number) {
  const counter = await missingCounter(stack.databaseUrl, ids);
  const t0 = performance.now();
  let missing = await counter.missing();
  while (missing > 0 && performance.now() - t0 < waitMs) {
    await sleep(250);
    missing = await counter.missing();
  }
  const shippedAfterMs = performance.now() - t0;
  const beforeStop = missing;
  await serve.stop();
  missing = await counter.missing();
  await counter.close();
  return { missingWhileRunning: beforeStop, lost: missing, shippedAfterMs };
}

const stack = await setupBenchStack('faults', log, { keep: args.keep });
let exitCode = 0;
const out: Record<string, unknown> = {};
const rows: (string | number)[][] = [];
try {
  const { registerDemoModel, requestRows } = await import('./lib/demo-model');
  const demo = await registerDemoModel(1, log);
  const bodies = requestRows(256).map((r) => JSON.stringify({ rows: [r] }));
  const predictPath = `/v1/models/${demo.name}/predict`;
  const headers = { authorization: `Bearer ${demo.key}` };

  // (a) kill -9 mid-run, restart with the same instance name.
  {
    const port = await freePort();
    const opts = { env: stack.childEnv, port, instance: 'bench-kill9', logFile: path.join(stack.dir, 'serve-kill9.log') };
    let serve = await startServeProcess(opts);
    const load = startLoad({ port, path: predictPath, headers, bodies, connections });
    await sleep(4000);
    const killAt = performance.now() - load.t0;
    serve.kill('SIGKILL');
    log(`(a) SIGKILL serving process ${serve.child.pid} at ${fmt(killAt / 1000, 1)} s`);
    await serve.exited;
    await sleep(1000);
    serve = await startServeProcess(opts);
    const backAt = performance.now() - load.t0;
    log(`(a) restarted (same instance) after ${fmt((backAt - killAt) / 1000, 1)} s`);
    await sleep(4000);
    await load.stop();
    const ids = ackedIds(load.samples);
    const s = await settle(stack, serve, ids, 30_000);
    const failed = load.samples.filter((x) => x.status !== 200);
    log(`(a) ${ids.length} acknowledged, ${s.lost} lost; outcomes ${JSON.stringify(outcomes(load.samples))}`);
    rows.push(['kill -9 + restart', load.samples.length, ids.length, failed.length, JSON.stringify(outcomes(failed)), s.missingWhileRunning, s.lost]);
    Object.assign(out, { kill9_acknowledged: ids.length, kill9_lost: s.lost });
    out.kill9_detail = { requests: load.samples.length, failed_requests: failed.length, down_s: Math.round(backAt - killAt) / 1000, missing_before_graceful_stop: s.missingWhileRunning, shipped_within_ms: Math.round(s.shippedAfterMs) };
  }

  // (b) Postgres stopped for `outageS` seconds under load.
  {
    const port = await freePort();
    const opts = { env: stack.childEnv, port, instance: 'bench-pg', logFile: path.join(stack.dir, 'serve-pg.log') };
    let serve = await startServeProcess(opts);
    const load = startLoad({ port, path: predictPath, headers, bodies, connections });
    // The serving process should ride out the outage; if it dies we note it, and restart it
    // once Postgres is back (as its supervisor would), so its spool still gets shipped.
    let crashed: { atMs: number; exit: string } | null = null;
    let stopping = false;
    void serve.exited.then((exit) => {
      if (!stopping) crashed = { atMs: performance.now() - load.t0, exit };
    });
    await sleep(4000);
    const stopCallAt = performance.now() - load.t0;
    await stack.postgres.stop(); // fast shutdown: returns once the postmaster has exited
    const downAt = performance.now() - load.t0;
    log(`(b) Postgres stopped at ${fmt(downAt / 1000, 1)} s (shutdown took ${fmt(downAt - stopCallAt, 0)} ms); load goes on for ${outageS} s`);
    await sleep(outageS * 1000);
    const upCallAt = performance.now() - load.t0;
    await stack.postgres.start();
    const upAt = performance.now() - load.t0;
    log(`(b) Postgres started again (same port and data) after ${fmt((upAt - downAt) / 1000, 1)} s`);
    const crash = crashed as { atMs: number; exit: string } | null;
    if (crash) {
      log(`(b) the serving process DIED ${fmt((crash.atMs - stopCallAt) / 1000, 2)} s after Postgres was told to stop (${crash.exit}); see the end of its log:\n${tail(opts.logFile)}`);
      serve = await startServeProcess(opts);
      log('(b) restarted it (same instance) to ship its spool');
    }
    await sleep(5000);
    await load.stop();
    stopping = true;
    const ids = ackedIds(load.samples);
    const s = await settle(stack, serve, ids, 30_000);
    const failed = load.samples.filter((x) => x.status !== 200);
    const during = load.samples.filter((x) => x.sentAt >= stopCallAt && x.sentAt < upAt);
    const failedDuring = during.filter((x) => x.status !== 200);
    const firstFail = failedDuring.length ? Math.min(...failedDuring.map((x) => x.sentAt)) - stopCallAt : NaN;
    log(`(b) ${ids.length} acknowledged, ${s.lost} lost; outcomes ${JSON.stringify(outcomes(load.samples))}`);
    rows.push(['Postgres down ' + outageS + ' s', load.samples.length, ids.length, failed.length, JSON.stringify(outcomes(failed)), s.missingWhileRunning, s.lost]);
    Object.assign(out, { pg_outage_acknowledged: ids.length, pg_outage_lost: s.lost });
    out.pg_outage_detail = {
      requests: load.samples.length,
      failed_requests: failed.length,
      requests_during_outage: during.length,
      failed_during_outage: failedDuring.length,
      failed_by_answer: outcomes(failed),
      first_failure_after_stop_ms: Number.isFinite(firstFail) ? Math.round(firstFail) : null,
      outage_s: Math.round(upAt - downAt) / 1000,
      pg_shutdown_ms: Math.round(downAt - stopCallAt),
      pg_start_ms: Math.round(upAt - upCallAt),
      missing_before_graceful_stop: s.missingWhileRunning,
      shipped_within_ms: Math.round(s.shippedAfterMs),
      serve_crashed: crash ? { after_stop_call_ms: Math.round(crash.atMs - stopCallAt), exit: crash.exit, restarted_by_bench: true } : false,
    };
    const sample = failedDuring.find((x) => x.error)?.error;
    if (sample) out.pg_outage_detail = { ...(out.pg_outage_detail as object), sample_failure: sample };
  }

  // (c) The spool's disk fills up for a moment while predictions and feedback run concurrently.
  {
    const port = await freePort();
    const spoolDir = path.join(stack.dir, 'spool-small');
    fs.mkdirSync(spoolDir, { recursive: true });
    const flag = path.join(stack.dir, 'enospc.flag');
    let mode: string;
    let nodeArgs: string[] = [];
    let fillOn: () => void;
    let fillOff: () => void;
    // A real small filesystem where we may mount one (root); otherwise an injected write failure.
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${diskMiB}m`, 'tmpfs', spoolDir], { stdio: 'ignore' }).status === 0;
    if (mounted) {
      mode = `tmpfs of ${diskMiB} MiB filled to the last byte`;
      const filler = path.join(spoolDir, 'filler');
      fillOn = () => {
        const fd = fs.openSync(filler, 'w');
        const buf = Buffer.alloc(64 * 1024, 1);
        try {
          for (;;) fs.writeSync(fd, buf);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
          try {
            for (;;) fs.writeSync(fd, buf, 0, 1);
          } catch {
            // full to the byte
          }
        } finally {
          fs.closeSync(fd);
        }
      };
      fillOff = () => fs.rmSync(filler, { force: true });
    } else {
      mode = 'injected ENOSPC (bench/lib/enospc-preload.mjs; no permission to mount a small filesystem)';
      nodeArgs = ['--import', pathToFileURL(path.join(import.meta.dirname, 'lib', 'enospc-preload.mjs')).href];
      fillOn = () => fs.writeFileSync(flag, '');
      fillOff = () => fs.rmSync(flag, { force: true });
    }
    const opts = { env: { ...stack.childEnv, VIGIL_SPOOL_DIR: spoolDir, VIGIL_BENCH_ENOSPC_FLAG: flag }, port, instance: 'bench-disk', logFile: path.join(stack.dir, 'serve-disk.log'), nodeArgs };
    const serve = await startServeProcess(opts);
    let crashed: string | null = null;
    let stopping = false;
    void serve.exited.then((exit) => {
      if (!stopping) crashed = exit;
    });
    const load = startLoad({ port, path: predictPath, headers, bodies, connections });
    // Feedback alongside: labels for predictions acknowledged a moment ago (the ids still in
    // the spool), 8 concurrent clients.
    const feedback: Record<string, number> = {};
    let feedbackOn = true;
    const feedbackLoop = async () => {
      while (feedbackOn) {
        const recent = ackedIds(load.samples.slice(-200)).slice(-10);
        if (recent.length) {
          const r = await fetch(`http://127.0.0.1:${port}/v1/feedback`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ labels: recent.map((id, i) => ({ prediction_id: id, label: i % 2 })) }) }).then(
            (x) => String(x.status),
            (e: Error) => e.message,
          );
          feedback[r] = (feedback[r] ?? 0) + 1;
        }
        await sleep(20);
      }
    };
    const feedbackLoops = Array.from({ length: 8 }, feedbackLoop);
    await sleep(4000);
    const fullAt = performance.now() - load.t0;
    fillOn();
    log(`(c) spool disk full at ${fmt(fullAt / 1000, 1)} s (${mode}); for ${diskFullS} s`);
    await sleep(diskFullS * 1000);
    fillOff();
    const freeAt = performance.now() - load.t0;
    log(`(c) space freed at ${fmt(freeAt / 1000, 1)} s`);
    await sleep(4000);
    await load.stop();
    feedbackOn = false;
    await Promise.all(feedbackLoops);
    stopping = true;
    const ids = ackedIds(load.samples);
    const s = await settle(stack, serve, ids, 30_000);
    if (mounted) spawnSync('umount', [spoolDir], { stdio: 'ignore' });
    const failed = load.samples.filter((x) => x.status !== 200);
    const during = load.samples.filter((x) => x.sentAt >= fullAt && x.sentAt < freeAt);
    const after = load.samples.filter((x) => x.sentAt >= freeAt + 1000);
    log(`(c) ${ids.length} acknowledged, ${s.lost} lost; outcomes ${JSON.stringify(outcomes(load.samples))}; feedback ${JSON.stringify(feedback)}`);
    rows.push([`spool disk full ${diskFullS} s + feedback`, load.samples.length, ids.length, failed.length, JSON.stringify(outcomes(failed)), s.missingWhileRunning, s.lost]);
    Object.assign(out, { disk_full_acknowledged: ids.length, disk_full_lost: s.lost });
    out.disk_full_detail = {
      mode,
      requests: load.samples.length,
      failed_requests: failed.length,
      requests_while_full: during.length,
      acknowledged_while_full: during.filter((x) => x.status === 200).length,
      failed_by_answer: outcomes(failed),
      ok_share_after_freed: after.length ? Math.round((after.filter((x) => x.status === 200).length / after.length) * 1000) / 1000 : null,
      feedback_requests_by_answer: feedback,
      serve_crashed: crashed ?? false,
      missing_before_graceful_stop: s.missingWhileRunning,
    };
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
console.log(`\nFaults under load (${connections} connections, single-row requests, durability=fsync)\n`);
printTable(['fault', 'requests', 'acknowledged', 'failed', 'failed by answer', 'missing before stop', 'lost'], rows);
const pgd = out.pg_outage_detail as { failed_during_outage: number; requests_during_outage: number; first_failure_after_stop_ms: number | null };
if ((out.pg_outage_detail as { serve_crashed: unknown }).serve_crashed) console.log('\nThe serving process CRASHED while Postgres was down (restarted by the bench once Postgres was back).');
console.log(`\nWhile Postgres was down: ${pgd.failed_during_outage} of ${pgd.requests_during_outage} requests failed${pgd.first_failure_after_stop_ms !== null ? `, the first ${pgd.first_failure_after_stop_ms} ms after the stop` : ''}.`);
const dfd = out.disk_full_detail as { requests_while_full: number; acknowledged_while_full: number; mode: string; serve_crashed: unknown };
console.log(`While the spool's disk was full (${dfd.mode}): ${dfd.acknowledged_while_full} of ${dfd.requests_while_full} requests acknowledged${dfd.serve_crashed ? '; the serving process CRASHED' : ''}.`);
console.log(JSON.stringify(out));
if (out.kill9_lost || out.pg_outage_lost || out.disk_full_lost || dfd.serve_crashed) process.exit(1);
