// How a failed job attempt is classified — the one place that decides. Permanent: bad input
// (PermanentJobError) or BullMQ's UnrecoverableError; fails at once. Transient: the database
// or Redis unreachable, a connection dropped, a serialization failure or deadlock; retried
// with the queue's backoff, never turned into a permanent failure by a caller. Anything else
// is retried per the queue's attempts.
import type { Job } from 'bullmq';

export class PermanentJobError extends Error {}

/** Postgres SQLSTATEs worth a retry: connection exceptions (08…), serialization failure, deadlock, shutdown, too many connections. */
const TRANSIENT_SQLSTATE = /^(08|40001|40P01|57P01|57P02|57P03|53300|53400)/;
const TRANSIENT_NODE_CODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const TRANSIENT_MESSAGE = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Stream isn't writeable|Connection is closed|Redis unavailable/i;

export function isTransient(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const x = cur as { code?: unknown; message?: unknown };
    if (typeof x.code === 'string' && (TRANSIENT_SQLSTATE.test(x.code) || TRANSIENT_NODE_CODE.has(x.code))) return true;
    if (typeof x.message === 'string' && TRANSIENT_MESSAGE.test(x.message)) return true;
  }
  return false;
}

export type FailureKind = 'permanent' | 'transient' | 'unknown';

export function classifyFailure(e: unknown): FailureKind {
  if (e instanceof PermanentJobError || (e instanceof Error && e.name === 'UnrecoverableError')) return 'permanent';
  return isTransient(e) ? 'transient' : 'unknown';
}

/** Whether BullMQ has given up on the job after this failure (no attempt left, permanent, or stalled too often). */
export function isFinalFailure(job: Pick<Job, 'attemptsMade' | 'opts'>, err: Error): boolean {
  return classifyFailure(err) === 'permanent' || job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled more than/.test(err.message);
}

/** Rejects with a transient "Redis unavailable" error when `p` takes longer than `ms` (BullMQ waits forever for a first connection). */
export function failFast<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis unavailable: ${what} did not complete within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
