import { executeBatchScore, settleBatchScore, type BatchPlacement } from '@/server/services/batch/execute-batch-score';
import { QUEUES } from '../contract';
import type { GpuSlots } from '../gpu-slots';
import { runTracked } from '../tracked-job';
import type { ProcessorSpec } from './index';

function batchSpec(queue: string, withPlacement: <T>(fn: (p: BatchPlacement) => Promise<T>) => Promise<T>): Omit<ProcessorSpec, 'concurrency'> {
  return {
    queue,
    async process(job) {
      const { batchScoreId } = QUEUES.batchScore.payload.parse(job.data);
      const r = await withPlacement((placement) => runTracked(job, (rep) => executeBatchScore(batchScoreId, rep, placement).then(() => 'done' as const)));
      if (r === undefined) await settleBatchScore(batchScoreId, 'cancelled', 'cancelled by a user');
    },
    async onFinalFailure(job, message) {
      await settleBatchScore(QUEUES.batchScore.payload.parse(job.data).batchScoreId, 'failed', message);
    },
  };
}

export const batchScoreProcessor: ProcessorSpec = batchSpec(QUEUES.batchScore.name, (fn) => fn({}));

/** Batch scoring on a GPU worker: shares the worker's GPUs with GPU training, one job per GPU. */
export function gpuBatchScoreProcessor(slots: GpuSlots): ProcessorSpec {
  return { ...batchSpec(QUEUES.batchScoreGpu.name, (fn) => slots.with((device) => fn({ gpu: device }))), concurrency: slots.size };
}
