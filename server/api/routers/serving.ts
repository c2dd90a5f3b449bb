import { z } from 'zod';
import { aliasHistory, aliasHistoryInput, getAliases } from '@/server/services/aliases/queries';
import { moveAlias, moveAliasInput } from '@/server/services/aliases/move-alias';
import { onCallOverview } from '@/server/services/aliases/on-call';
import { rollback, rollbackInput, rollbackPreview } from '@/server/services/aliases/rollback';
import { listPredictions, listPredictionsInput } from '@/server/services/predictions/list-predictions';
import { recentPredictions, trafficSummary } from '@/server/services/predictions/queries';
import { servingHealth } from '@/server/services/predictions/serving-health';
import { createServingKey, createServingKeyInput, revokeServingKey } from '@/server/services/serving-keys/serving-keys';
import { listServingKeys, listServingKeysInput } from '@/server/services/serving-keys/list-serving-keys';
import { startBatchScore, startBatchScoreInput } from '@/server/services/batch/start-batch-score';
import { listBatchScores, listBatchScoresInput } from '@/server/services/batch/list-batch-scores';
import { getDemoTraffic, setDemoTraffic, setDemoTrafficInput } from '@/server/services/settings/demo-traffic';
import { permissionProcedure, router } from '../trpc';

export const aliasesRouter = router({
  list: permissionProcedure('console.read').input(z.object({ model: z.string() })).query(({ ctx, input }) => getAliases(ctx, input)),
  history: permissionProcedure('console.read').input(aliasHistoryInput).query(({ ctx, input }) => aliasHistory(ctx, input)),
  move: permissionProcedure('alias.move').input(moveAliasInput).mutation(({ ctx, input }) => moveAlias(ctx, input)),
  rollback: permissionProcedure('alias.rollback').input(rollbackInput).mutation(({ ctx, input }) => rollback(ctx, input)),
  rollbackPreview: permissionProcedure('console.read').input(z.object({ model: z.string() })).query(({ ctx, input }) => rollbackPreview(ctx, input)),
  onCall: permissionProcedure('console.read').query(({ ctx }) => onCallOverview(ctx)),
});

export const predictionsRouter = router({
  /** One page of the model's logged predictions (the console's table); `recent` stays for the newest few. */
  page: permissionProcedure('console.read').input(listPredictionsInput).query(({ ctx, input }) => listPredictions(ctx, input)),
  recent: permissionProcedure('console.read').input(z.object({ model: z.string(), limit: z.number().int().min(1).max(500).optional(), route: z.string().optional() })).query(({ ctx, input }) => recentPredictions(ctx, input)),
  traffic: permissionProcedure('console.read').input(z.object({ model: z.string(), minutes: z.number().int().min(1).max(1440).optional() })).query(({ ctx, input }) => trafficSummary(ctx, input)),
  servingHealth: permissionProcedure('console.read').input(z.object({ model: z.string().optional() })).query(({ ctx, input }) => servingHealth(ctx, input)),
});

export const servingKeysRouter = router({
  list: permissionProcedure('apikey.manage').input(listServingKeysInput).query(({ ctx, input }) => listServingKeys(ctx, input)),
  create: permissionProcedure('apikey.manage').input(createServingKeyInput).mutation(({ ctx, input }) => createServingKey(ctx, input)),
  revoke: permissionProcedure('apikey.manage').input(z.object({ id: z.string().uuid(), reason: z.string().max(500).optional() })).mutation(({ ctx, input }) => revokeServingKey(ctx, input)),
});

export const batchRouter = router({
  list: permissionProcedure('console.read').input(listBatchScoresInput).query(({ ctx, input }) => listBatchScores(ctx, input)),
  start: permissionProcedure('training.run').input(startBatchScoreInput).mutation(({ ctx, input }) => startBatchScore(ctx, input)),
});

export const demoRouter = router({
  traffic: permissionProcedure('console.read').query(({ ctx }) => getDemoTraffic(ctx)),
  setTraffic: permissionProcedure('policy.manage').input(setDemoTrafficInput).mutation(({ ctx, input }) => setDemoTraffic(ctx, input)),
});
