import { executeBatchScore, settleBatchScore } from '@/server/services/batch/execute-batch-score';
import { QUEUES } from '../contract';
import { runTracked } from '../tracked-job';
import type { ProcessorSpec } from './index';

export const batchScoreProcessor: ProcessorSpec = {
  queue: QUEUES.batchScore.name,
  async process(job) {
    const { batchScoreId } = QUEUES.batchScore.payload.parse(job.data);
    const r = await runTracked(job, (rep) => executeBatchScore(batchScoreId, rep).then(() => 'done' as const));
    if (r === undefined) await settleBatchScore(batchScoreId, 'cancelled', 'cancelled by a user');
  },
  async onFinalFailure(job, message) {
    await settleBatchScore(QUEUES.batchScore.payload.parse(job.data).batchScoreId, 'failed', message);
  },
};
