// Which workers are online: each worker process writes a heartbeat record to Redis (a key with a
// TTL plus its id in a sorted set scored by last-seen time), and removes it on a clean stop. A
// worker that dies simply stops refreshing, and drops out of the list after WORKER_TTL_MS.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { redisKey } from '@/server/redis';
import { CAPABILITIES } from './worker-capabilities';

export const HEARTBEAT_MS = 5000;
/** A worker not heard from for this long is offline (three missed heartbeats). */
export const WORKER_TTL_MS = 3 * HEARTBEAT_MS;
const MAX_LISTED = 200;

export const workerRecordSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  capabilities: z.array(z.enum(CAPABILITIES)),
  gpus: z.array(z.object({ index: z.string(), name: z.string(), memoryMiB: z.number().nullable(), driver: z.string().nullable() })),
  /** GPU jobs running on this worker now (at most one per GPU). */
  gpuJobs: z.number().int().min(0),
  queues: z.array(z.string()),
  startedAt: z.string(),
  lastSeenAt: z.string(),
});
export type WorkerRecord = z.infer<typeof workerRecordSchema>;

const setKey = () => redisKey('workers');
const recordKey = (id: string) => redisKey('worker', id);

export function newWorkerId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

export function workerIdentity() {
  return { host: hostname(), pid: process.pid };
}

export async function writeHeartbeat(r: Redis, rec: Omit<WorkerRecord, 'lastSeenAt'>): Promise<void> {
  const now = Date.now();
  const full: WorkerRecord = { ...rec, lastSeenAt: new Date(now).toISOString() };
  await r.multi().set(recordKey(rec.id), JSON.stringify(full), 'PX', WORKER_TTL_MS).zadd(setKey(), now, rec.id).exec();
}

export async function removeWorker(r: Redis, id: string): Promise<void> {
  await r.multi().del(recordKey(id)).zrem(setKey(), id).exec();
}

/** Workers heard from within WORKER_TTL_MS, oldest start first; stale ids are pruned on the way. */
export async function listOnlineWorkers(r: Redis): Promise<WorkerRecord[]> {
  const now = Date.now();
  await r.zremrangebyscore(setKey(), '-inf', now - WORKER_TTL_MS);
  const ids = await r.zrangebyscore(setKey(), now - WORKER_TTL_MS, '+inf', 'LIMIT', 0, MAX_LISTED);
  if (ids.length === 0) return [];
  const values = await r.mget(ids.map(recordKey));
  const out: WorkerRecord[] = [];
  for (const v of values) {
    if (!v) continue;
    // A record another version wrote in a shape we do not know is left out, not an error.
    try {
      const p = workerRecordSchema.safeParse(JSON.parse(v));
      if (p.success) out.push(p.data);
    } catch {
      continue;
    }
  }
  return out.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : 1));
}
