// Refused attempts (HTTP 403 / tRPC FORBIDDEN) are audited too: who tried what, on which target.
// Written outside any transaction (the attempt changed nothing, and the caller's transaction, if
// any, was rolled back with the refusal); a failure to write is logged, never turned into a 500.
import type { DbOrTx } from '@/server/db/client';
import { logger } from '@/server/observability/logger';
import type { Actor } from '../context';
import { writeAudit } from './write-audit';

const log = logger({ component: 'audit-denied' });

export const DENIED_ACTION = 'access.denied';

export interface DeniedAttempt {
  /** What was tried: a tRPC path (`runs.start`) or `METHOD /api/path`. */
  attempted: string;
  targetType: string;
  targetId: string;
  message: string;
}

/** The target an input names, by the fields the routers use (model names, ids, emails). */
export function targetOf(input: unknown, fallbackType: string, fallbackId: string): { targetType: string; targetId: string } {
  if (input && typeof input === 'object') {
    const o = input as Record<string, unknown>;
    for (const [key, type] of [['model', 'model'], ['runId', 'run'], ['versionId', 'model_version'], ['datasetVersionId', 'dataset_version'], ['userId', 'user'], ['email', 'user'], ['id', fallbackType], ['name', fallbackType], ['experiment', 'experiment']] as const) {
      const v = o[key];
      if (typeof v === 'string' && v.length > 0) return { targetType: type, targetId: v.slice(0, 200) };
    }
  }
  return { targetType: fallbackType, targetId: fallbackId };
}

export async function auditDenied(db: DbOrTx, actor: Actor, attempt: DeniedAttempt): Promise<void> {
  try {
    await writeAudit(db, actor, {
      action: DENIED_ACTION,
      targetType: attempt.targetType,
      targetId: attempt.targetId,
      after: { attempted: attempt.attempted, message: attempt.message },
    });
  } catch (e) {
    log.error({ err: e, attempted: attempt.attempted }, 'could not audit a refused attempt');
  }
}
