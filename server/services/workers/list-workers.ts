// Workers online (from their Redis heartbeats) and whether a queued job is waiting for a kind of
// worker that is not there: a run of a GPU trainer with no GPU worker online waits forever, and
// the console says so rather than showing a plain "queued".
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { jobs } from '@/server/db/schema';
import { QUEUES } from '@/server/queue/contract';
import { listOnlineWorkers, type WorkerRecord } from '@/server/queue/worker-registry';
import { redis } from '@/server/redis';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

export async function listWorkers(ctx: ServiceContext): Promise<WorkerRecord[]> {
  requirePermission(ctx, 'console.read');
  return listOnlineWorkers(redis());
}

export const jobPlacementInput = z.object({ jobId: z.string().uuid() });

export interface JobPlacement {
  /** The capability a worker needs to take this job. */
  needs: 'cpu' | 'gpu';
  status: string;
  /** Workers online with that capability, and (for GPU jobs) their GPUs free right now. */
  workersOnline: number;
  freeGpus: number | null;
  /** A sentence for the console while the job waits for a worker; null once it runs or when a worker can take it. */
  waiting: string | null;
}

const GPU_QUEUES: string[] = [QUEUES.trainGpu.name, QUEUES.batchScoreGpu.name];

export async function jobPlacement(ctx: ServiceContext, input: z.input<typeof jobPlacementInput>): Promise<JobPlacement> {
  requirePermission(ctx, 'console.read');
  const { jobId } = jobPlacementInput.parse(input);
  const [job] = await ctx.db.select({ queue: jobs.queue, status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
  if (!job) throw notFound('job');
  const needs = GPU_QUEUES.includes(job.queue) ? 'gpu' : 'cpu';
  const able = (await listOnlineWorkers(redis())).filter((w) => w.capabilities.includes(needs) && w.queues.includes(job.queue));
  const freeGpus = needs === 'gpu' ? able.reduce((n, w) => n + Math.max(0, w.gpus.length - w.gpuJobs), 0) : null;
  let waiting: string | null = null;
  if (job.status === 'queued' && needs === 'gpu') {
    waiting = able.length === 0 ? 'waiting for a GPU worker (none online)' : freeGpus === 0 ? `waiting for a GPU worker (${able.length} online, every GPU busy)` : null;
  } else if (job.status === 'queued' && able.length === 0) {
    waiting = 'waiting for a worker (none online)';
  }
  return { needs, status: job.status, workersOnline: able.length, freeGpus, waiting };
}
