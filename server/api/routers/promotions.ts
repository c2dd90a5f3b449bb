import { z } from 'zod';
import { abortCanary, abortCanaryInput } from '@/server/services/aliases/abort-canary';
import { getEvaluation, startEvaluation, startEvaluationInput } from '@/server/services/promotions/evaluate';
import { listEvaluations, listEvaluationsInput } from '@/server/services/promotions/list-evaluations';
import { liveShadowComparison } from '@/server/services/promotions/shadow-comparison';
import { promotionImportance } from '@/server/services/promotions/importance-comparison';
import { offlineFairness, onlineFairness } from '@/server/services/promotions/fairness';
import { getPolicy, setGoldenSet, setGoldenSetInput, setPolicy, setPolicyInput } from '@/server/services/promotions/policies';
import { listPromotionsPage, listPromotionsPageInput } from '@/server/services/promotions/list-promotions-page';
import { cancelPromotion, decideInput, decidePromotion, getPromotion, requestPromotion, requestPromotionInput } from '@/server/services/promotions/requests';
import { permissionProcedure, router } from '../trpc';

export const promotionsRouter = router({
  page: permissionProcedure('console.read').input(listPromotionsPageInput).query(({ ctx, input }) => listPromotionsPage(ctx, input)),
  get: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getPromotion(ctx, input)),
  request: permissionProcedure('promotion.request').input(requestPromotionInput).mutation(({ ctx, input }) => requestPromotion(ctx, input)),
  decide: permissionProcedure('promotion.approve').input(decideInput).mutation(({ ctx, input }) => decidePromotion(ctx, input)),
  cancel: permissionProcedure('promotion.request').input(z.object({ id: z.string().uuid(), reason: z.string().trim().min(1).max(2000) })).mutation(({ ctx, input }) => cancelPromotion(ctx, input)),
  importance: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => promotionImportance(ctx, input)),
  shadow: permissionProcedure('console.read').input(z.object({ model: z.string() })).query(({ ctx, input }) => liveShadowComparison(ctx, input)),
  abortCanary: permissionProcedure('alias.rollback').input(abortCanaryInput).mutation(({ ctx, input }) => abortCanary(ctx, input)),
});

export const evaluationsRouter = router({
  list: permissionProcedure('console.read').input(listEvaluationsInput).query(({ ctx, input }) => listEvaluations(ctx, input)),
  get: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getEvaluation(ctx, input)),
  start: permissionProcedure('training.run').input(startEvaluationInput).mutation(({ ctx, input }) => startEvaluation(ctx, input)),
  policy: permissionProcedure('console.read').input(z.object({ model: z.string() })).query(({ ctx, input }) => getPolicy(ctx, input)),
  setGoldenSet: permissionProcedure('model.write').input(setGoldenSetInput).mutation(({ ctx, input }) => setGoldenSet(ctx, input)),
  setPolicy: permissionProcedure('policy.manage').input(setPolicyInput).mutation(({ ctx, input }) => setPolicy(ctx, input)),
});

export const fairnessRouter = router({
  offline: permissionProcedure('console.read').input(z.object({ model: z.string(), version: z.number().int().positive(), goldenDatasetVersionId: z.string().uuid().optional() })).query(({ ctx, input }) => offlineFairness(ctx, input)),
  online: permissionProcedure('console.read').input(z.object({ model: z.string(), version: z.number().int().positive().optional(), attribute: z.string().min(1), windowMinutes: z.number().int().min(1).max(7 * 24 * 60).default(24 * 60) })).query(({ ctx, input }) => onlineFairness(ctx, input)),
});
