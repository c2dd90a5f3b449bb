// Every queue processor the worker runs. Processors are thin: re-validate the payload, call
// services/ml, report progress, classify errors as retryable or not.
import type { Job, Processor } from 'bullmq';
import { batchScoreProcessor } from './batch-score';
import { demoTrafficProcessor } from './demo-traffic';
import { maintenanceProcessor } from './maintenance';
import { monitorProcessor, webhookProcessor } from './monitor';
import { evaluateProcessor, rolloutProcessor } from './promotions';
import { profileDatasetProcessor } from './profile-dataset';
import { retrainProcessor, retrainScheduleProcessor } from './retrain';
import { trainProcessor } from './train';

export interface ProcessorSpec {
  queue: string;
  process: Processor;
  concurrency?: number;
  /** Called when BullMQ gives up on a job (last attempt failed, or it stalled too often). */
  onFinalFailure?: (job: Job, message: string) => Promise<void>;
}

export const processors: ProcessorSpec[] = [profileDatasetProcessor, trainProcessor, batchScoreProcessor, maintenanceProcessor, monitorProcessor, webhookProcessor, evaluateProcessor, rolloutProcessor, demoTrafficProcessor, retrainProcessor, retrainScheduleProcessor];
