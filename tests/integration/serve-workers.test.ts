// VIGIL_SERVE_WORKERS (issue 17): several serving processes on one port, each with its own spool.
// Real processes throughout (`node --import tsx workers/serve.ts` as production runs it): a
// worker is SIGKILLed under load, a whole cluster is SIGKILLed and restarted with fewer workers,
// and every prediction a client got a 200 for must be in Postgres afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { baseEnv } from '@/bench/lib/process';
import { client, goodRow, servedModel } from './helpers/serving';
import { passedEnv, startServeChild, type ServeChild } from './helpers/serve-process';
import { waitFor } from './helpers/wait';

const REPO = path.resolve(import.meta.dirname, '..', '..');
let m: Awaited<ReturnType<typeof servedModel>>;
const started: ServeChild[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  m = await servedModel(1);
});
afterAll(async () => {
  for (const s of started) await s.stop().catch(() => {});
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const freshDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-workers-'));
  dirs.push(d);
  return d;
};
async function serve(env: Record<string, string>, dir: string): Promise<ServeChild> {
  const s = await startServeChild({ VIGIL_SERVE_INSTANCE: 'attack', ...env }, { dir });
  started.push(s);
  return s;
}

const logged = async (ids: string[]) =>
  ids.length ? Number((await db().execute(sql`SELECT count(*)::int AS n FROM predictions WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[])`)).rows[0].n) : 0;

/** Live serving processes whose parent is `pid`: the cluster's workers (not tsx's esbuild service). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const st = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const rest = st.slice(st.lastIndexOf(')') + 2).split(' ');
        return Number(rest[1]) === pid && rest[0] !== 'Z' && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('workers/serve.ts');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** `concurrency` clients sending single-row predictions until `stop()`; ids of every 200. */
function load(base: string, concurrency: number) {
  const acked: string[] = [];
  let failed = 0;
  let running = true;
  const body = JSON.stringify({ rows: [goodRow] });
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      try {
        // A time limit, as any real client has: a connection node:cluster's primary was handing to
        // the worker at the moment it was killed is never answered (nor closed).
        const res = await fetch(`${base}/v1/models/${m.name}/predict`, {
          method: 'POST',
          headers: { authorization: `Bearer ${m.key}`, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(5000),
        });
        const r = { status: res.status, body: (await res.json()) as { predictions: { prediction_id: string }[] } };
        if (r.status === 200) acked.push(...r.body.predictions.map((p) => p.prediction_id));
        else failed++;
      } catch {
        failed++; // connection reset by a killed worker: not acknowledged
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  });
  return {
    acked,
    failed: () => failed,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Workers the primary has seen become ready (its log line per ready worker). */
const readyWorkers = (s: ServeChild) => async () => (fs.readFileSync(s.logFile, 'utf8').match(/serving worker ready/g) ?? []).length;

/** Data bytes in a spool folder's segments (not its sub-folders). */
const spoolBytes = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')).reduce((a, n) => a + fs.statSync(path.join(dir, n)).size, 0) : 0;

describe('serving workers (VIGIL_SERVE_WORKERS)', () => {
  it('two workers answer on one port with a spool each; a kill -9 of the whole cluster and a restart with one worker ship both spools (the orphan too)', async () => {
    const dir = freshDir();
    // Segments never rotate while this runs: what each worker acknowledged stays in its own spool.
    const s = await serve({ VIGIL_SERVE_WORKERS: '2', VIGIL_SPOOL_ROTATE_MS: '60000', VIGIL_METRICS_TOKEN: 'metrics-secret-token' }, dir);
    await waitFor(readyWorkers(s), (n) => n === 2, 30_000, 'two workers ready');
    expect(childrenOf(s.child.pid!)).toHaveLength(2);
    const l = load(s.base, 16);
    await new Promise((r) => setTimeout(r, 2500));
    await l.stop();
    expect(l.failed()).toBe(0);
    expect(l.acked.length).toBeGreaterThan(20);
    const w0 = path.join(dir, 'attack');
    const w1 = path.join(dir, 'attack', 'w1');
    // Both processes served (each wrote records into its own spool) on the one port.
    expect(spoolBytes(w0)).toBeGreaterThan(0);
    expect(spoolBytes(w1)).toBeGreaterThan(0);
    // /metrics on either worker is the cluster's sum.
    const scrapes = await Promise.all(
      Array.from({ length: 4 }, () => fetch(`${s.base}/metrics`, { headers: { authorization: 'Bearer metrics-secret-token' } }).then((r) => r.text())),
    );
    for (const text of scrapes) {
      const total = [...text.matchAll(/^vigil_predict_requests_total\{[^}]*status="200"[^}]*\} (\d+)/gm)].reduce((a, x) => a + Number(x[1]), 0);
      expect(total).toBe(l.acked.length);
    }
    expect((await fetch(`${s.base}/v2/health/ready`)).status).toBe(200);

    // kill -9 of the primary and both workers: nothing shipped, both spools hold acknowledged records.
    const pids = [s.child.pid!, ...childrenOf(s.child.pid!)];
    for (const p of pids) process.kill(p, 'SIGKILL');
    await s.exited;
    await waitFor(async () => pids.filter((p) => fs.existsSync(`/proc/${p}/stat`) && !fs.readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z ')).length, (n) => n === 0, 10_000, 'the cluster to be gone');
    expect(await logged(l.acked)).toBeLessThan(l.acked.length);

    // One worker now: worker 0 ships its own spool and the orphan of worker 1, then removes the orphan.
    const one = await serve({ VIGIL_SERVE_WORKERS: '1', VIGIL_SPOOL_ROTATE_MS: '50' }, dir);
    await waitFor(() => logged(l.acked), (n) => n === l.acked.length, 30_000, 'every acknowledged prediction of both workers in Postgres');
    await waitFor(async () => fs.existsSync(w1), (e) => !e, 10_000, 'the orphan spool folder to be removed');
    // No duplicates: each acknowledged prediction landed once.
    const rows = Number((await db().execute(sql`SELECT count(*)::int AS n FROM predictions WHERE id = ANY(${`{${l.acked.join(',')}}`}::uuid[])`)).rows[0].n);
    expect(rows).toBe(l.acked.length);
    expect(one.alive()).toBe(true);
    await one.stop();
  }, 120_000);

  it('a worker killed -9 mid-load loses no acknowledged prediction: the primary restarts it and its spool ships', async () => {
    const dir = freshDir();
    // Shipping every 2 s: at the kill, the victim's spool holds predictions it acknowledged.
    const s = await serve({ VIGIL_SERVE_WORKERS: '2', VIGIL_SPOOL_ROTATE_MS: '2000' }, dir);
    await waitFor(readyWorkers(s), (n) => n === 2, 30_000, 'two workers ready');
    const l = load(s.base, 16);
    await waitFor(async () => l.acked.length, (n) => n >= 50, 30_000, 'predictions before the kill');
    const workers = childrenOf(s.child.pid!);
    expect(workers).toHaveLength(2);
    const victim = workers[1];
    // Which worker it is (the primary logs each worker's index and pid), hence which spool.
    const line = fs.readFileSync(s.logFile, 'utf8').split('\n').find((x) => x.includes('serving worker ready') && x.includes(`"pid":${victim},`));
    const index = (JSON.parse(line!) as { worker: number }).worker;
    const victimSpool = index === 0 ? path.join(dir, 'attack') : path.join(dir, 'attack', `w${index}`);
    process.kill(victim, 'SIGKILL');
    expect(spoolBytes(victimSpool)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2500));
    await l.stop();

    expect(l.acked.length).toBeGreaterThan(20);
    // The primary replaced the dead worker; the cluster still answers.
    await waitFor(readyWorkers(s), (n) => n === 3, 30_000, 'the killed worker to be replaced');

    expect(childrenOf(s.child.pid!).filter((p) => p !== victim)).toHaveLength(2);
    const r = await client(s.base, m.key)(`/v1/models/${m.name}/predict`, { rows: [goodRow] });
    expect(r.status).toBe(200);
    await waitFor(() => logged(l.acked), (n) => n === l.acked.length, 30_000, 'every acknowledged prediction in Postgres');
    expect(s.alive()).toBe(true);
    expect(await s.stop()).toBe('0');
  }, 120_000);

  it('refuses an invalid VIGIL_SERVE_WORKERS with a message naming it, before serving anything', async () => {
    const attempts = await Promise.all(
      ['0', '65', 'two', '2.5', '-1', '1e3', ' '].map(
        (value) =>
          new Promise<{ value: string; code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', 'workers/serve.ts'], {
              cwd: REPO,
              env: baseEnv({ ...passedEnv(), VIGIL_SERVE_WORKERS: value, VIGIL_SPOOL_DIR: freshDir() }) as NodeJS.ProcessEnv,
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            let out = '';
            child.stdout.on('data', (d: Buffer) => (out += d.toString()));
            child.stderr.on('data', (d: Buffer) => (out += d.toString()));
            child.on('exit', (code) => resolve({ value, code, out }));
          }),
      ),
    );
    for (const a of attempts) {
      expect(a.code, `VIGIL_SERVE_WORKERS='${a.value}': ${a.out}`).toBe(2);
      expect(a.out, a.value).toMatch(/VIGIL_SERVE_WORKERS (must be a whole number of serving processes from 1 to 64, or auto|is missing)/);
      expect(a.out, a.value).not.toMatch(/"msg":"serving"/);
    }
  }, 120_000);
});
