import { QUEUES } from '../contract';
import { executeRun, settleRun } from '@/server/services/runs/execute-run';
import { runTracked } from '../tracked-job';
import type { ProcessorSpec } from './index';

export const trainProcessor: ProcessorSpec = {
  queue: QUEUES.train.name,
  async process(job) {
    const data = QUEUES.train.payload.parse(job.data);
    let outcome: 'done' | 'cancelled' = 'done';
    try {
      const r = await runTracked(job, async (rep) => {
        await executeRun(data.runId, rep);
        return 'done' as const;
      });
      if (r === undefined) outcome = 'cancelled';
    } catch (e) {
      // runTracked rethrows an UnrecoverableError on the final failure.
      if (e instanceof Error && e.name === 'UnrecoverableError') await settleRun(data.runId, 'failed', e.message);
      throw e;
    }
    if (outcome === 'cancelled') await settleRun(data.runId, 'cancelled', 'cancelled by a user');
  },
  async onFinalFailure(job, message) {
    await settleRun(QUEUES.train.payload.parse(job.data).runId, 'failed', message);
  },
};
