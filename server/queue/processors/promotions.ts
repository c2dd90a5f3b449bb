import { executeEvaluation, settleEvaluation } from '@/server/services/promotions/evaluate';
import { advanceRollouts } from '@/server/services/promotions/rollout';
import { QUEUES } from '../contract';
import { runTracked } from '../tracked-job';
import type { ProcessorSpec } from './index';

export const evaluateProcessor: ProcessorSpec = {
  queue: QUEUES.evaluate.name,
  async process(job) {
    const { evaluationId } = QUEUES.evaluate.payload.parse(job.data);
    await runTracked(job, (r) => executeEvaluation(evaluationId, r).then(() => 'done' as const));
  },
  async onFinalFailure(job, message) {
    await settleEvaluation(QUEUES.evaluate.payload.parse(job.data).evaluationId, message);
  },
};

export const rolloutProcessor: ProcessorSpec = {
  queue: QUEUES.rollout.name,
  process: () => advanceRollouts(),
};
