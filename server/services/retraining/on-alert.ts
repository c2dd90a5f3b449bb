// The alert trigger: called by the monitor in the transaction that records an alert as firing.
// An enabled policy naming that rule starts a retrain (in a savepoint, so a guardrail that says
// no — cooldown, daily maximum, one running — leaves the alert itself untouched; it is logged).
// The job row commits with the alert; the worker's dispatch sweep hands it to BullMQ.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { retrainPolicies } from '@/server/db/schema';
import { logger } from '@/server/observability/logger';
import { systemActor } from '../context';
import { ServiceError } from '../errors';
import { triggerRetrain } from './trigger';

const log = logger({ component: 'retrain-on-alert' });

export async function retrainOnAlert(tx: Tx, fired: { modelId: string; modelName: string; ruleId: string; alertId: string }): Promise<void> {
  const [policy] = await tx.select({ id: retrainPolicies.id }).from(retrainPolicies).where(and(eq(retrainPolicies.modelId, fired.modelId), eq(retrainPolicies.onAlertRuleId, fired.ruleId), eq(retrainPolicies.status, 'enabled')));
  if (!policy) return;
  try {
    const a = await triggerRetrain({ db: tx, actor: systemActor(`alert ${fired.alertId.slice(0, 8)}`) }, { model: fired.modelName, trigger: 'alert' }, { dispatch: false });
    log.info({ model: fired.modelName, alertId: fired.alertId, attemptId: a.id }, 'alert triggered a retrain');
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    log.warn({ model: fired.modelName, alertId: fired.alertId, reason: e.message }, 'alert did not trigger a retrain: a guardrail refused');
  }
}
