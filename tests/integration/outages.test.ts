// Outages: a producer whose Redis is down fails fast and leaves the job to the outbox sweeper
// (the change it belongs to still commits); a worker whose Postgres goes away keeps running and
// its monitoring passes succeed again once Postgres is back.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { jobs, monitorHealth } from '@/server/db/schema';
import { closeQueues, enqueue } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { actorOf, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
import { modelAndVersion } from './helpers/predictions';
import { servedModel } from './helpers/serving';
import { tcpProxy } from './helpers/tcp-proxy';
import { waitFor } from './helpers/wait';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let worker: ChildProcess | null = null;
let proxy: Awaited<ReturnType<typeof tcpProxy>> | null = null;
afterAll(async () => {
  worker?.kill('SIGKILL');
  await proxy?.close();
  await closeQueues();
});

describe('outages', () => {
  it('a producer with Redis down fails fast; the job row stays queued and the sweeper hands it over later', async () => {
    const admin = await makeUser('admin');
    const ctx = { db: db(), actor: actorOf(admin) };
    const up = await uploadDataset(ctx, { name: uniq('outage') }, chunksOf(learnableCsv(200, 3)));
    const job = await db().transaction((tx) => enqueue(tx, actorOf(admin), 'profileDataset', { v: 1, datasetVersionId: up.version.id }, { title: 'profile again' }));

    // Redis unreachable (nothing listens on port 1): dispatch gives up within its timeout, no throw.
    const t0 = Date.now();
    const out = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/integration/helpers/dispatch-process.ts', job.id], { cwd: ROOT, env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1' }, timeout: 30_000 });
    // The child's own logs share stdout (pino may flush a connection-error line after ours): find the result line.
    const result = out.stdout.split('\n').find((l) => l.startsWith('{"ms":'));
    expect(result, out.stdout).toBeDefined();
    const { ms } = JSON.parse(result!) as { ms: number };
    expect(ms).toBeLessThan(5000);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const [row] = await db().select().from(jobs).where(eq(jobs.id, job.id));
    expect(row.status).toBe('queued');

    // Redis is there for the worker: its sweeper hands the row over and the job runs.
    const { stop } = await startWorkers();
    try {
      await waitFor(async () => (await db().select().from(jobs).where(eq(jobs.id, job.id)))[0].status, (s) => s === 'succeeded', 30_000, 'swept job');
    } finally {
      await stop();
    }
  });

  it('a worker keeps running through a Postgres outage and monitors again when it returns', async () => {
    const m = await servedModel(1);
    const { modelId } = await modelAndVersion(m.name);
    const dbUrl = new URL(process.env.DATABASE_URL!);
    proxy = await tcpProxy(dbUrl);
    const viaProxy = new URL(dbUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    let output = '';
    worker = spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: viaProxy.toString(), VIGIL_MONITOR_EVERY_MS: '1000', VIGIL_WORKER_METRICS_PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    worker.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const lastSuccess = async () => (await db().select().from(monitorHealth).where(eq(monitorHealth.modelId, modelId)))[0]?.lastSuccessAt?.getTime() ?? 0;
    await waitFor(lastSuccess, (t) => t > 0, 60_000, 'a first monitoring pass').catch((e: unknown) => {
      throw new Error(`${(e as Error).message}; worker output: ${output.slice(-3000)}`);
    });

    proxy.cut();
    await new Promise((r) => setTimeout(r, 4000));
    expect(worker.exitCode, output.slice(-2000)).toBeNull();
    const restoredAt = Date.now();
    proxy.restore();
    await waitFor(lastSuccess, (t) => t > restoredAt, 60_000, 'a monitoring pass after the outage');
    expect(worker.exitCode, output.slice(-2000)).toBeNull();
    // The failures during the outage were logged, not crashes.
    expect(output).not.toMatch(/unhandled|UnhandledPromiseRejection/i);
    await db().execute(sql`SELECT 1`);
  }, 150_000);

  it('a worker started while Redis is down starts anyway, sets its schedules when Redis answers, and then runs jobs', async () => {
    const redisUrl = new URL(process.env.REDIS_URL!);
    const redisProxy = await tcpProxy(redisUrl);
    redisProxy.cut();
    const viaProxy = new URL(redisUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(redisProxy.port);
    let output = '';
    const w = spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: viaProxy.toString(), VIGIL_WORKER_METRICS_PORT: '0', VIGIL_WORKER_CAPABILITIES: 'cpu', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    w.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    w.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const seen = (text: string, what: string, ms = 60_000) =>
        waitFor(async () => output, (o) => o.includes(text), ms, what).catch((e: unknown) => {
          throw new Error(`${(e as Error).message}; worker output: ${output.slice(-3000)}`);
        });
      await seen('worker consuming queues', 'the worker to start with Redis down');
      await seen('could not set the job schedules', 'the schedule retry to be logged');
      // Every BullMQ worker reports each reconnect attempt; the log holds one line per queue per
      // interval (VIGIL_ERROR_LOG_INTERVAL_MS, 30 s), not a flood that buries what broke.
      await new Promise((r) => setTimeout(r, 6000));
      const errorLines = output.split('\n').filter((l) => /"msg":"(worker error|queue connection error|redis connection error)"/.test(l));
      expect(errorLines.length, `${errorLines.length} connection-error lines in 6 s of outage: ${errorLines.slice(0, 3).join('\n')}`).toBeGreaterThan(0);
      expect(errorLines.length).toBeLessThanOrEqual(30);
      expect(w.exitCode, output.slice(-2000)).toBeNull();
      expect(output).not.toContain('job schedules set');

      redisProxy.restore();
      await seen('job schedules set', 'the schedules once Redis answers');
      // And it works: a job handed over now is run by this worker.
      const admin = await makeUser('admin');
      const up = await uploadDataset({ db: db(), actor: actorOf(admin) }, { name: uniq('late-redis') }, chunksOf(learnableCsv(200, 4)));
      const job = await db().transaction((tx) => enqueue(tx, actorOf(admin), 'profileDataset', { v: 1, datasetVersionId: up.version.id }, { title: 'profile after Redis came back' }));
      const out = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/integration/helpers/dispatch-process.ts', job.id], { cwd: ROOT, env: { ...process.env, REDIS_URL: viaProxy.toString() }, timeout: 30_000 });
      expect(out.stdout).toContain('{"ms":');
      await waitFor(async () => (await db().select().from(jobs).where(eq(jobs.id, job.id)))[0].status, (st) => st === 'succeeded', 60_000, 'the job on the late-started worker');
      expect(output).not.toMatch(/unhandled|UnhandledPromiseRejection/i);
    } finally {
      w.kill('SIGKILL');
      await redisProxy.close();
    }
  }, 180_000);
});
