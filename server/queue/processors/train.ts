import { QUEUES } from '../contract';
import type { GpuSlots } from '../gpu-slots';
import { executeRun, settleRun, type RunPlacement } from '@/server/services/runs/execute-run';
import { runTracked } from '../tracked-job';
import type { ProcessorSpec } from './index';

function trainSpec(queue: string, withPlacement: <T>(fn: (p: RunPlacement) => Promise<T>) => Promise<T>): Omit<ProcessorSpec, 'concurrency'> {
  return {
    queue,
    async process(job) {
      const data = QUEUES.train.payload.parse(job.data);
      let outcome: 'done' | 'cancelled' = 'done';
      try {
        const r = await withPlacement((placement) =>
          runTracked(job, async (rep) => {
            await executeRun(data.runId, rep, placement);
            return 'done' as const;
          }),
        );
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
}

export const trainProcessor: ProcessorSpec = trainSpec(QUEUES.train.name, (fn) => fn({}));

/** The GPU training queue of a worker with the `gpu` capability: one job per GPU, each told its device through CUDA_VISIBLE_DEVICES. */
export function gpuTrainProcessor(slots: GpuSlots): ProcessorSpec {
  return {
    ...trainSpec(QUEUES.trainGpu.name, (fn) => slots.with((device) => fn({ gpu: device }))),
    concurrency: slots.size,
  };
}
