// Promotion requests: an engineer asks, the evidence is gathered (evaluation queued, candidate
// put behind `shadow`), an approver who is not the requester approves or rejects (overriding a
// failed gate needs a written reason), and approval starts the canary rollout.
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { aliases, models, modelVersions, promotionEvents, promotionRequests, users } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../errors';
import { writtenText } from '../text-input';
import { inTransaction } from '../transaction';
import { applyAliasMove } from '../aliases/move-alias';
import { startEvaluation } from './evaluate';
import { recordEvent } from './events';
import { buildEvidence } from './evidence';
import { loadPolicy, planSchema } from './policies';

const OPEN = sql.raw(`('pending', 'approved', 'rolling_out')`);

function openConflict(model: string, open: { id: string; candidate: number } | null) {
  return conflict(`${model} already has an open promotion request${open ? ` (${open.id.slice(0, 8)}, v${open.candidate})` : ''}: one at a time per model — decide or cancel it first`, 'model');
}

export const requestPromotionInput = z.object({
  model: z.string(),
  version: z.number().int().positive(),
  target: z.enum(['production', 'canary']).default('production'),
  note: writtenText(5000).pipe(z.string().min(1, 'is required: say why this version should ship')),
  plan: planSchema.optional(),
});

/** `opts.evaluationId`: an evaluation of this version already made (retraining), attached instead of queueing another. */
export async function requestPromotion(ctx: ServiceContext, input: z.input<typeof requestPromotionInput>, opts: { evaluationId?: string } = {}) {
  const actor = requirePermission(ctx, 'promotion.request');
  if (actor.kind !== 'user') throw badRequest('a promotion is requested by a person');
  const data = requestPromotionInput.parse(input);
  const req = await inTransaction(ctx, async (tx) => {
    const [mv] = await tx.select({ v: modelVersions, m: models }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(and(eq(models.name, data.model), eq(modelVersions.version, data.version)));
    if (!mv) throw notFound(`${data.model} v${data.version}`);
    const [prod] = await tx.select().from(aliases).where(and(eq(aliases.modelId, mv.m.id), eq(aliases.name, 'production'))).for('update');
    if (prod?.versionId === mv.v.id) throw badRequest(`v${data.version} is already in production`, 'version');
    // The rollout compares the candidate with production; a model's first release is direct.
    if (!prod?.versionId && data.target === 'production') throw badRequest(`${data.model} has no production version yet: release the first one directly (Promote on the model page), then request promotions against it`, 'version');
    const [open] = await tx.select({ id: promotionRequests.id, candidate: modelVersions.version }).from(promotionRequests).innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.candidateVersionId)).where(and(eq(promotionRequests.modelId, mv.m.id), sql`${promotionRequests.status} IN ${OPEN}`));
    if (open) throw openConflict(data.model, open);
    const policy = await loadPolicy(tx, mv.m.id);
    // The partial unique index decides between two concurrent requests: the loser gets the same CONFLICT.
    const [r] = await tx
      .insert(promotionRequests)
      .values({ modelId: mv.m.id, candidateVersionId: mv.v.id, incumbentVersionId: prod?.versionId ?? null, target: data.target, note: data.note, plan: data.plan ?? policy.rolloutPlan, requestedBy: actor.id, evaluationId: opts.evaluationId ?? null })
      .returning()
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'promotion_requests_one_open_idx')) throw openConflict(data.model, null);
        throw e;
      });
    await recordEvent(tx, r.id, actor, 'requested', { target: data.target, note: data.note, plan: r.plan });
    await writeAudit(tx, actor, { action: 'promotion.request', targetType: 'promotion_request', targetId: r.id, after: { model: data.model, version: data.version, target: data.target, note: data.note } });
    // Shadow evidence: the candidate starts scoring live traffic behind `shadow` now.
    const [sh] = await tx.select().from(aliases).where(and(eq(aliases.modelId, mv.m.id), eq(aliases.name, 'shadow')));
    if (prod?.versionId && sh?.versionId !== mv.v.id) {
      await applyAliasMove(tx, actor, { modelId: mv.m.id, modelName: mv.m.name, alias: 'shadow', toVersionId: mv.v.id, share: 0, kind: 'promote', reason: `shadow for promotion request ${r.id.slice(0, 8)}` });
      await recordEvent(tx, r.id, actor, 'shadow_started', { version: data.version });
    }
    return { r, hasGolden: !!policy.goldenDatasetVersionId };
  });
  if (req.hasGolden && !opts.evaluationId) {
    const ev = await startEvaluation(ctx, { model: data.model, version: data.version });
    await ctx.db.update(promotionRequests).set({ evaluationId: ev.id }).where(eq(promotionRequests.id, req.r.id));
    await recordEvent(ctx.db, req.r.id, actor, 'evaluation_queued', { evaluationId: ev.id });
  }
  return req.r;
}

export async function getPromotion(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  const [row] = await ctx.db
    .select({ req: promotionRequests, model: models.name, candidate: modelVersions.version, requestedByEmail: users.email })
    .from(promotionRequests)
    .innerJoin(models, eq(models.id, promotionRequests.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.candidateVersionId))
    .innerJoin(users, eq(users.id, promotionRequests.requestedBy))
    .where(eq(promotionRequests.id, input.id));
  if (!row) throw notFound('promotion request');
  const incumbent = row.req.incumbentVersionId ? (await ctx.db.select({ version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.id, row.req.incumbentVersionId)))[0]?.version ?? null : null;
  const evidence = await buildEvidence(ctx.db, row.req, row.model);
  const events = await ctx.db.select().from(promotionEvents).where(eq(promotionEvents.requestId, row.req.id)).orderBy(asc(promotionEvents.id));
  return { ...row, incumbent, evidence, events };
}

export const decideInput = z.object({
  id: z.string().uuid(),
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().min(1, 'is required').max(5000),
  /** Required to approve over a failed or pending gate. */
  overrideReason: z.string().trim().max(5000).optional(),
  /** The evidence hash the approver looked at; a different current hash means the evidence changed. */
  evidenceHash: z.string(),
});

/** Four eyes: an approver other than the requester decides; exactly one decision wins. */
export async function decidePromotion(ctx: ServiceContext, input: z.input<typeof decideInput>) {
  const actor = requirePermission(ctx, 'promotion.approve');
  const data = decideInput.parse(input);
  // Production moved since the request was made: the request is stale for good (committed
  // before the decision is refused, so everyone sees it).
  const becameStale = await inTransaction(ctx, async (tx) => {
    const [req] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, data.id)).for('update');
    if (!req || req.status !== 'pending') return false;
    const [prod] = await tx.select().from(aliases).where(and(eq(aliases.modelId, req.modelId), eq(aliases.name, 'production')));
    if ((prod?.versionId ?? null) === req.incumbentVersionId) return false;
    await tx.update(promotionRequests).set({ status: 'stale', updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
    await recordEvent(tx, req.id, actor, 'stale', { reason: 'production changed since the request was made' });
    await writeAudit(tx, actor, { action: 'promotion.stale', targetType: 'promotion_request', targetId: req.id, before: { status: 'pending' }, after: { status: 'stale' } });
    return true;
  });
  if (becameStale) throw conflict('production changed since this request was made; the request is stale — request again', 'id');
  return inTransaction(ctx, async (tx) => {
    const [req] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, data.id)).for('update');
    if (!req) throw notFound('promotion request');
    if (actor.kind === 'user' && actor.id === req.requestedBy) throw forbidden('four eyes: you requested this promotion, so someone else must approve or reject it');
    if (req.status !== 'pending') throw conflict(`the request is already ${req.status}`, 'id');
    const [m] = await tx.select().from(models).where(eq(models.id, req.modelId));
    const evidence = await buildEvidence(tx, req, m.name);
    if (evidence.hash !== data.evidenceHash) throw conflict('the evidence changed since you loaded it (stale); review it again', 'evidenceHash');
    if (data.decision === 'reject') {
      await tx.update(promotionRequests).set({ status: 'rejected', decidedBy: actor.kind === 'user' ? actor.id : null, decidedAt: sql`now()`, decisionComment: data.comment, updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
      await recordEvent(tx, req.id, actor, 'rejected', { comment: data.comment });
      await writeAudit(tx, actor, { action: 'promotion.reject', targetType: 'promotion_request', targetId: req.id, before: { status: 'pending' }, after: { status: 'rejected' }, reason: data.comment });
      return { status: 'rejected' as const };
    }
    const notPassing = evidence.items.filter((i) => (i.key === 'evaluation' || i.key === 'fairness' || i.key === 'drift') && i.status !== 'pass');
    if (notPassing.length && !data.overrideReason) {
      throw badRequest(`approving over ${notPassing.map((i) => `${i.title} (${i.status})`).join(', ')} needs a written override reason`, 'overrideReason');
    }
    const [cand] = await tx.select().from(modelVersions).where(eq(modelVersions.id, req.candidateVersionId));
    await tx
      .update(promotionRequests)
      .set({ status: 'rolling_out', decidedBy: actor.kind === 'user' ? actor.id : null, decidedAt: sql`now()`, decisionComment: data.comment, overrideReason: data.overrideReason ?? null, currentStep: 0, stepStartedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(promotionRequests.id, req.id));
    await recordEvent(tx, req.id, actor, 'approved', { comment: data.comment, overrideReason: data.overrideReason ?? null, overridden: notPassing.map((i) => i.key) });
    await writeAudit(tx, actor, { action: 'promotion.approve', targetType: 'promotion_request', targetId: req.id, before: { status: 'pending' }, after: { status: 'rolling_out', overridden: notPassing.map((i) => i.key) }, reason: data.overrideReason ?? data.comment });
    const share = req.target === 'canary' ? req.plan[0].share : req.plan[0].share;
    await applyAliasMove(tx, actor, { modelId: req.modelId, modelName: m.name, alias: 'canary', toVersionId: cand.id, share, kind: 'promote', reason: `promotion request ${req.id.slice(0, 8)}: canary step 1 at ${Math.round(share * 100)}%` });
    await recordEvent(tx, req.id, actor, 'canary_step', { step: 1, share });
    if (req.target === 'canary') {
      await tx.update(promotionRequests).set({ status: 'completed', updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
      await recordEvent(tx, req.id, actor, 'completed', { canary: share });
      return { status: 'completed' as const };
    }
    return { status: 'rolling_out' as const };
  });
}

export async function cancelPromotion(ctx: ServiceContext, input: { id: string; reason: string }) {
  const actor = requirePermission(ctx, 'promotion.request');
  return inTransaction(ctx, async (tx) => {
    const [req] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, input.id)).for('update');
    if (!req) throw notFound('promotion request');
    if (req.status !== 'pending' && req.status !== 'stale') throw conflict(`the request is ${req.status}`, 'id');
    // The requester withdraws their own request; an admin may clear anyone's.
    if (actor.kind === 'user' && actor.id !== req.requestedBy && actor.role !== 'admin') throw forbidden('only the requester (or an admin) can cancel this request');
    await tx.update(promotionRequests).set({ status: 'cancelled', updatedAt: sql`now()` }).where(eq(promotionRequests.id, req.id));
    await recordEvent(tx, req.id, actor, 'cancelled', { reason: input.reason });
    await writeAudit(tx, actor, { action: 'promotion.cancel', targetType: 'promotion_request', targetId: req.id, before: { status: req.status }, after: { status: 'cancelled' }, reason: input.reason });
    return { status: 'cancelled' as const };
  });
}
