import { executeRetrain, settleRetrain } from '@/server/services/retraining/pipeline';
import { runScheduledRetrain } from '@/server/services/retraining/schedule';
import { QUEUES } from '../contract';
import { runTracked } from '../tracked-job';
import type { ProcessorSpec } from './index';

/** Mostly waits on its train and evaluate jobs (other queues), so several models may retrain at once. */
export const retrainProcessor: ProcessorSpec = {
  queue: QUEUES.retrain.name,
  concurrency: 4,
  async process(job) {
    const { attemptId } = QUEUES.retrain.payload.parse(job.data);
    const r = await runTracked(job, (rep) => executeRetrain(attemptId, rep).then(() => 'done' as const));
    if (r === undefined) await settleRetrain(attemptId, 'cancelled by a user');
  },
  async onFinalFailure(job, message) {
    await settleRetrain(QUEUES.retrain.payload.parse(job.data).attemptId, message);
  },
};

export const retrainScheduleProcessor: ProcessorSpec = {
  queue: QUEUES.retrainSchedule.name,
  process: (job) => runScheduledRetrain(QUEUES.retrainSchedule.payload.parse(job.data).modelId),
};
