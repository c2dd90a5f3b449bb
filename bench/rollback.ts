// `npm run bench:rollback`: how long a one-click rollback takes to reach traffic, and whether
// any request fails while it happens.
//
// The demo loan model gets two versions (two different trainings); production moves v1 → v2.
// The serving process (a separate `node --import tsx workers/serve.ts`) serves v2 under
// constant load (32 keep-alive connections of single-row requests). Then the bench calls the
// rollback service itself — `rollback(ctx, {model, reason, fromVersion: 2})` as a system actor,
// exactly what the console's REST endpoint calls: it commits, NOTIFYs, and serving loads v1 and
// swaps. We keep every response and measure
//   switch_ms: from the moment the rollback call starts until the first response after which
//              every response carries v1 (so it includes the commit, the notification, the
//              load of v1 and the swap);
//   failed_requests: non-200 answers and connection errors over the whole run.
// Prints a table, then ONE JSON line: {"switch_ms","failed_requests","requests", …}
//
// Options: --connections N (32) --before S (5) --after S (5) --keep
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/lib/services';
import { outcomes, startLoad } from './lib/load';
import { fmt, log, printTable, round } from './lib/report';
import { startServeProcess } from './lib/serve-process';
import { setupBenchStack } from './lib/stack';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    before: { type: 'string', default: '5' },
    after: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const connections = Number(args.connections);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const stack = await setupBenchStack('rollback', log, { keep: args.keep });
let exitCode = 0;
let out: Record<string, unknown> = {};
try {
  const { registerDemoModel, requestRows } = await import('./lib/demo-model');
  const { rollback } = await import('@/server/services/aliases/rollback');
  const demo = await registerDemoModel(2, log);
  const port = await freePort();
  const serve = await startServeProcess({ env: stack.childEnv, port, instance: 'bench-rollback', logFile: path.join(stack.dir, 'serve.log') });
  const bodies = requestRows(256).map((r) => JSON.stringify({ rows: [r] }));
  log(`load: ${connections} connections of single-row requests; production = v2`);
  const load = startLoad({ port, path: `/v1/models/${demo.name}/predict`, headers: { authorization: `Bearer ${demo.key}` }, bodies, connections });
  await sleep(Number(args.before) * 1000);

  const callAt = performance.now() - load.t0;
  const res = await rollback(demo.ctx, { model: demo.name, reason: 'bench: rollback under load', fromVersion: 2 });
  const committedAt = performance.now() - load.t0;
  log(`rollback committed in ${fmt(committedAt - callAt, 1)} ms: production → v${res.toVersion}`);
  await sleep(Number(args.after) * 1000);
  await load.stop();
  await serve.stop();

  // Responses in the order they arrived; the switch is the first v1 answer with no v2 after it.
  const samples = [...load.samples].sort((a, b) => a.doneAt - b.doneAt);
  const ok = samples.filter((s) => s.status === 200);
  let lastOld = -1;
  for (let i = 0; i < ok.length; i++) if (ok[i].version !== res.toVersion) lastOld = i;
  const firstStable = ok[lastOld + 1];
  const switchMs = firstStable && firstStable.doneAt >= callAt ? firstStable.doneAt - callAt : NaN;
  const firstNew = ok.find((s) => s.doneAt >= callAt && s.version === res.toVersion);
  const failed = samples.filter((s) => s.status !== 200).length;
  const afterCall = ok.filter((s) => s.doneAt >= callAt);
  const mixed = afterCall.filter((s) => firstStable && s.doneAt < firstStable.doneAt && s.version === res.toVersion).length;
  const durationS = (samples[samples.length - 1].doneAt - samples[0].sentAt) / 1000;

  console.log(`\nRollback v2 → v1 under load: ${connections} connections, ${samples.length} requests in ${fmt(durationS, 1)} s (${fmt(samples.length / durationS, 0)} req/s)\n`);
  printTable(
    ['figure', 'value'],
    [
      ['rollback call (commit + NOTIFY), ms', fmt(committedAt - callAt, 1)],
      ['first v1 answer after the call, ms', firstNew ? fmt(firstNew.doneAt - callAt, 1) : 'none'],
      ['switch_ms (all answers v1 from then on)', fmt(switchMs, 1)],
      ['v1 answers interleaved with v2 before the switch', mixed],
      ['requests', samples.length],
      ['failed requests (non-200 or connection error)', failed],
      ['outcomes', JSON.stringify(outcomes(samples))],
    ],
  );
  out = { switch_ms: round(switchMs, 1), failed_requests: failed, requests: samples.length, rollback_call_ms: round(committedAt - callAt, 1), first_v1_ms: firstNew ? round(firstNew.doneAt - callAt, 1) : null, connections, rps: round(samples.length / durationS, 1) };
} catch (e) {
  log(`bench failed: ${e instanceof Error ? e.stack : String(e)}`);
  exitCode = 1;
} finally {
  const { pool } = await import('@/server/db/client');
  await pool().end().catch(() => {});
  await stack.stop();
}
if (exitCode) process.exit(exitCode);
console.log(JSON.stringify(out));
