import { z } from 'zod';
import { getRetrainPolicy, proposeRetrainPolicy, proposeRetrainPolicyInput, setRetrainPolicyStatus, setRetrainPolicyStatusInput } from '@/server/services/retraining/policy';
import { getRetrainAttempt, getRetrainEvidence, listRetrainAttempts } from '@/server/services/retraining/queries';
import { triggerRetrain } from '@/server/services/retraining/trigger';
import { permissionProcedure, router } from '../trpc';

export const retrainingRouter = router({
  policy: permissionProcedure('console.read').input(z.object({ model: z.string().min(1).max(100) })).query(({ ctx, input }) => getRetrainPolicy(ctx, input)),
  propose: permissionProcedure('retrain.propose').input(proposeRetrainPolicyInput).mutation(({ ctx, input }) => proposeRetrainPolicy(ctx, input)),
  setEnabled: permissionProcedure('retrain.enable').input(setRetrainPolicyStatusInput).mutation(({ ctx, input }) => setRetrainPolicyStatus(ctx, input)),
  /** "Retrain now": a person's trigger is always `manual`. */
  trigger: permissionProcedure('retrain.propose').input(z.object({ model: z.string().min(1).max(100) })).mutation(({ ctx, input }) => triggerRetrain(ctx, { model: input.model, trigger: 'manual' })),
  attempts: permissionProcedure('console.read').input(z.object({ model: z.string().min(1).max(100).optional(), limit: z.number().int().min(1).max(200).optional() })).query(({ ctx, input }) => listRetrainAttempts(ctx, input)),
  attempt: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getRetrainAttempt(ctx, input)),
  /** The attempt's evidence against the incumbent: metrics side by side, gates with deltas. */
  evidence: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getRetrainEvidence(ctx, input)),
});
