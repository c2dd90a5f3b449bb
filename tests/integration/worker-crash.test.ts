// Fault test: a worker killed with SIGKILL mid-training leaves no half-finished run; another
// worker picks the stalled job up and completes it.
import { spawn, type ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents, jobs, runs, runSteps } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';
import { waitFor } from './helpers/wait';

const children: ChildProcess[] = [];
function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], {
    env: { ...process.env, VIGIL_JOB_LOCK_MS: '1500', VIGIL_WORKER_METRICS_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await closeQueues();
});

describe('worker crash', () => {
  it('a run interrupted by kill -9 is completed by another worker, once', async () => {
    const engineer = await makeUser('engineer');
    const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('crash') }, chunksOf(learnableCsv(3000, 4)));
    const a = startWorkerProcess();
    const run = await callerAs(engineer).runs.start({ experiment: uniq('exp'), datasetVersionId: up.version.id, target: 'y', trainer: 'gbdt', params: { n_trees: 300, max_depth: 5, early_stopping_rounds: 0 }, seed: 2 }); // every round trains: the test kills the worker mid-run
    await waitFor(async () => (await db().select().from(runs).where(eq(runs.id, run.id)))[0], (r) => r.progress > 0.05, 60_000, 'training to start');
    a.kill('SIGKILL');
    await new Promise((r) => a.once('exit', r));
    const mid = (await db().select().from(runs).where(eq(runs.id, run.id)))[0];
    expect(mid.status).toBe('running');
    expect(mid.artifactSha256).toBeNull();

    startWorkerProcess();
    const done = await waitFor(async () => (await db().select().from(runs).where(eq(runs.id, run.id)))[0], (r) => r.status !== 'running' && r.status !== 'queued', 120_000, 'the run to finish');
    expect(done.status, done.error ?? '').toBe('succeeded');
    const [job] = await db().select().from(jobs).where(eq(jobs.id, done.jobId!));
    expect(job.attempts).toBe(2);
    // Steps were restarted, not duplicated: exactly one final-phase step per tree.
    const steps = await db().select().from(runSteps).where(eq(runSteps.runId, run.id));
    expect(steps.filter((s) => s.phase === 'final')).toHaveLength(300);
    const succeeded = await db().select().from(auditEvents).where(eq(auditEvents.targetId, run.id));
    expect(succeeded.filter((e) => e.action === 'run.succeed')).toHaveLength(1);
  });
});
