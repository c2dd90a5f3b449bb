// Automatic promotion through canary, where the retraining policy allows it: the promotion
// request the retrain made is approved on the policy's behalf and its canary rollout starts, as
// an approver's approval would start it (requests.ts decidePromotion). The second pair of eyes is
// the approver who enabled the policy (recorded as the decider); what still guards production is
// the evaluation every gate passed, then the rollout driver's canary analysis and automatic
// rollback at every step (rollout.ts).
import { eq, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { models, promotionRequests, users } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { applyAliasMove } from '../aliases/move-alias';
import { systemActor } from '../context';
import { recordEvent } from '../promotions/events';

const ACTOR = systemActor('retraining (auto-promotion)');

/** Starts the rollout of a pending request; returns the enabling approver's email. */
export async function autoPromote(requestId: string, enabledBy: string): Promise<string> {
  return db().transaction(async (tx) => {
    const [req] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, requestId)).for('update');
    if (req.status !== 'pending') throw new Error(`promotion request ${requestId} is ${req.status}, not pending`);
    const [m] = await tx.select().from(models).where(eq(models.id, req.modelId));
    const [approver] = await tx.select({ email: users.email }).from(users).where(eq(users.id, enabledBy));
    const comment = `automatic promotion under the retraining policy enabled by ${approver.email}`;
    await tx
      .update(promotionRequests)
      .set({ status: 'rolling_out', decidedBy: enabledBy, decidedAt: sql`now()`, decisionComment: comment, currentStep: 0, stepStartedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(promotionRequests.id, req.id));
    await recordEvent(tx, req.id, ACTOR, 'approved', { comment, automatic: true, policyEnabledBy: approver.email });
    await writeAudit(tx, ACTOR, { action: 'promotion.approve', targetType: 'promotion_request', targetId: req.id, before: { status: 'pending' }, after: { status: 'rolling_out', automatic: true }, reason: comment });
    const share = req.plan[0].share;
    await applyAliasMove(tx, ACTOR, { modelId: req.modelId, modelName: m.name, alias: 'canary', toVersionId: req.candidateVersionId, share, kind: 'promote', reason: `promotion request ${req.id.slice(0, 8)} (automatic): canary step 1 at ${Math.round(share * 100)}%` });
    await recordEvent(tx, req.id, ACTOR, 'canary_step', { step: 1, share });
    return approver.email;
  });
}
