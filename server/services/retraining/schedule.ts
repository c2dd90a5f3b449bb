// Scheduled retrains: one BullMQ job scheduler per enabled policy with a cron, kept in step with
// the policy after each change commits (and for every policy when the worker starts, in case
// Redis lost them). When it fires, a retrain is triggered like "retrain now", guardrails and all.
import { eq } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { models, retrainPolicies, type RetrainPolicy } from '@/server/db/schema';
import { logger } from '@/server/observability/logger';
import { QUEUES } from '@/server/queue/contract';
import { queueFor } from '@/server/queue/enqueue';
import { systemActor } from '../context';
import { ServiceError } from '../errors';
import { triggerRetrain } from './trigger';

const log = logger({ component: 'retrain-schedule' });

export const scheduleId = (modelId: string) => `retrain-${modelId}`;

export async function syncRetrainSchedule(p: Pick<RetrainPolicy, 'modelId' | 'status' | 'scheduleCron'>): Promise<void> {
  const q = queueFor(QUEUES.retrainSchedule.name);
  if (p.status === 'enabled' && p.scheduleCron) {
    await q.upsertJobScheduler(scheduleId(p.modelId), { pattern: p.scheduleCron, tz: 'UTC' }, { name: 'scheduled', data: { v: 1, modelId: p.modelId }, opts: { removeOnComplete: 50, removeOnFail: 50 } });
  } else {
    await q.removeJobScheduler(scheduleId(p.modelId));
  }
}

export async function syncAllRetrainSchedules(): Promise<number> {
  const policies = await db().select().from(retrainPolicies);
  for (const p of policies) await syncRetrainSchedule(p);
  return policies.length;
}

/** The scheduler fired: start a retrain unless a guardrail says no (logged, not retried). */
export async function runScheduledRetrain(modelId: string): Promise<{ attemptId: string } | { skipped: string }> {
  const [row] = await db().select({ policy: retrainPolicies, model: models.name }).from(retrainPolicies).innerJoin(models, eq(models.id, retrainPolicies.modelId)).where(eq(retrainPolicies.modelId, modelId));
  if (!row || row.policy.status !== 'enabled' || !row.policy.scheduleCron) return { skipped: 'no enabled schedule' };
  try {
    const a = await triggerRetrain({ db: db(), actor: systemActor('schedule') }, { model: row.model, trigger: 'schedule' });
    return { attemptId: a.id };
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    log.warn({ model: row.model, reason: e.message }, 'scheduled retrain skipped: a guardrail refused');
    return { skipped: e.message };
  }
}
