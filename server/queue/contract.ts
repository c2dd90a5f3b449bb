// The one typed queue contract (ARCHITECTURE.md, convention 3): queue names, a versioned zod
// schema per payload, and default retries/backoff, used by producers and workers alike.
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

export const QUEUES = {
  /** Infer schema and profile of an uploaded dataset version. */
  profileDataset: {
    name: 'profile-dataset',
    payload: z.object({ v: z.literal(1), datasetVersionId: z.string().uuid() }),
    defaults: { attempts: 3, backoff: { type: 'exponential', delay: 2000 } },
  },
  /** Train a run: fit the feature spec, train, export ONNX, check parity, record the artifact. */
  train: {
    name: 'train',
    payload: z.object({ v: z.literal(1), runId: z.string().uuid() }),
    defaults: { attempts: 2, backoff: { type: 'exponential', delay: 5000 } },
  },
  /** Train a run whose command trainer needs a GPU; consumed only by workers with the `gpu` capability, one job per GPU. */
  trainGpu: {
    name: 'train-gpu',
    payload: z.object({ v: z.literal(1), runId: z.string().uuid() }),
    defaults: { attempts: 2, backoff: { type: 'exponential', delay: 5000 } },
  },
  /** Score a dataset version with a model version, in chunks; rows logged as route `batch`. */
  batchScore: {
    name: 'batch-score',
    payload: z.object({ v: z.literal(1), batchScoreId: z.string().uuid() }),
    defaults: { attempts: 2, backoff: { type: 'exponential', delay: 5000 } },
  },
  /** Batch scoring on a GPU worker (its session uses onnxruntime's CUDA execution provider when installed, else CPU with the reason logged). */
  batchScoreGpu: {
    name: 'batch-score-gpu',
    payload: z.object({ v: z.literal(1), batchScoreId: z.string().uuid() }),
    defaults: { attempts: 2, backoff: { type: 'exponential', delay: 5000 } },
  },
  /** Daily upkeep: prediction-log partitions for the days ahead. */
  maintenance: {
    name: 'maintenance',
    payload: z.object({ v: z.literal(1) }),
    defaults: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  },
  /** Offline evaluation of a candidate and the incumbent on the golden set (metrics, fairness, gates). */
  evaluate: {
    name: 'evaluate',
    payload: z.object({ v: z.literal(1), evaluationId: z.string().uuid() }),
    defaults: { attempts: 2, backoff: { type: 'exponential', delay: 5000 } },
  },
  /** One retrain attempt: train → register → evaluate against the incumbent → decide (resumable). */
  retrain: {
    name: 'retrain',
    payload: z.object({ v: z.literal(1), attemptId: z.string().uuid() }),
    defaults: { attempts: 2, backoff: { type: 'exponential', delay: 5000 } },
  },
  /** A retraining policy's cron fired (one BullMQ job scheduler per enabled policy with a schedule). */
  retrainSchedule: {
    name: 'retrain-schedule',
    payload: z.object({ v: z.literal(1), modelId: z.string().uuid() }),
    defaults: { attempts: 1 },
  },
  /** Drives canary rollouts step by step (scheduled; idempotent state machine). */
  rollout: {
    name: 'rollout',
    payload: z.object({ v: z.literal(1) }),
    defaults: { attempts: 1 },
  },
  /** Monitoring: rollups, window reports and alert evaluation for every served model (scheduled; a pass with a failed model is retried). */
  monitor: {
    name: 'monitor',
    payload: z.object({ v: z.literal(1) }),
    defaults: { attempts: 3, backoff: { type: 'exponential', delay: 5000 } },
  },
  /** One attempt at an alert webhook delivery (signed JSON POST); retries, backoff and dead letters live in the outbox row (services/monitoring/webhook-outbox.ts). */
  webhook: {
    name: 'webhook',
    payload: z.object({ v: z.literal(1), deliveryId: z.number().int() }),
    defaults: { attempts: 1 },
  },
  /** Demo traffic simulator tick (scheduled; not recorded as a job row — it runs every few seconds). */
  demoTraffic: {
    name: 'demo-traffic',
    payload: z.object({ v: z.literal(1) }),
    defaults: { attempts: 1 },
  },
} as const satisfies Record<string, { name: string; payload: z.ZodType; defaults: JobsOptions }>;

export type QueueKey = keyof typeof QUEUES;
export type Payload<K extends QueueKey> = z.infer<(typeof QUEUES)[K]['payload']>;
