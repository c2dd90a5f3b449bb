// Every queue processor the worker runs. Processors are thin: re-validate the payload, call
// services/ml, report progress, classify errors as retryable or not.
import type { Processor } from 'bullmq';

export interface ProcessorSpec {
  queue: string;
  process: Processor;
  concurrency?: number;
}

export const processors: ProcessorSpec[] = [];
