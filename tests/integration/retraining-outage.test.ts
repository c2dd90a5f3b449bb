// "Retrain now" while Redis is down: the attempt and its job row commit together (the outbox),
// the hand-over to the queue gives up fast without failing the request, and once Redis is there
// the worker's sweeper hands the job over and the attempt is decided — no attempt is left
// running forever, and "one at a time" does not lock the model out.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { jobs, retrainAttempts } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { fairCsv } from './helpers/csv';
import { callerAs } from './helpers/factories';
import { trainedProduction, uploadProfiled } from './helpers/retraining';
import { waitFor } from './helpers/wait';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let stop: (() => Promise<void>) | null = null;
afterAll(async () => {
  await stop?.();
  await closeQueues();
});

describe('retraining with Redis down at the trigger', () => {
  it('commits the attempt with its queued job; the sweeper hands it over once Redis is back and the attempt is decided', async () => {
    // The incumbent trains and the retrain data is profiled with a worker running; then no worker.
    const started = await startWorkers();
    const { s, data } = await (async () => {
      const prod = await trainedProduction();
      return { s: prod, data: await uploadProfiled(prod.ctx, fairCsv(400, 12)) };
    })().finally(() => started.stop());
    await callerAs(s.engineer).retraining.propose({ model: s.name, datasetVersionId: data, cooldownMinutes: 60, maxPerDay: 4, minLabelledRows: 100 });
    await callerAs(s.approver).retraining.setEnabled({ model: s.name, enabled: true });

    // Nothing listens on port 1: the trigger still answers, quickly, with the attempt.
    const out = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/integration/helpers/retrain-trigger-process.ts', s.name, s.engineer.id, s.engineer.email], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1' },
      timeout: 30_000,
    });
    const line = out.stdout.split('\n').find((l) => l.startsWith('{"attemptId":'));
    expect(line, out.stdout).toBeDefined();
    const { attemptId, jobId, ms } = JSON.parse(line!) as { attemptId: string; jobId: string; ms: number };
    expect(ms).toBeLessThan(5000);
    const [job] = await db().select().from(jobs).where(eq(jobs.id, jobId));
    expect(job.status).toBe('queued');
    const [attempt] = await db().select().from(retrainAttempts).where(eq(retrainAttempts.id, attemptId));
    expect(attempt).toMatchObject({ status: 'running', stage: 'queued', jobId });
    // One at a time still holds while it waits.
    await expect(callerAs(s.engineer).retraining.trigger({ model: s.name })).rejects.toMatchObject({ code: 'CONFLICT' });

    // Redis is there for the worker: its sweeper hands the job over and the pipeline decides.
    stop = (await startWorkers()).stop;
    const decided = await waitFor(async () => (await db().select().from(retrainAttempts).where(eq(retrainAttempts.id, attemptId)))[0], (a) => a.status !== 'running', 240_000, 'retrain decision');
    expect(['requested', 'refused']).toContain(decided.status);
    expect((await db().select().from(jobs).where(eq(jobs.id, jobId)))[0].status).toBe('succeeded');
  }, 360_000);
});
