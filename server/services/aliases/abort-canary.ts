import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { aliases } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest } from '../errors';
import { inTransaction } from '../transaction';
import { applyAliasMove, resolveModel } from './move-alias';

export const abortCanaryInput = z.object({ model: z.string().min(1), reason: z.string().trim().min(1, 'is required').max(2000) });

/** One click at any stage of a rollout: the canary stops taking traffic (the rollout then stops itself). */
export async function abortCanary(ctx: ServiceContext, input: z.input<typeof abortCanaryInput>) {
  const actor = requirePermission(ctx, 'alias.rollback');
  const data = abortCanaryInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const model = await resolveModel(tx, data.model);
    const [c] = await tx.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'canary'))).for('update');
    if (!c?.versionId) throw badRequest(`${model.name} has no canary`, 'model');
    return applyAliasMove(tx, actor, { modelId: model.id, modelName: model.name, alias: 'canary', toVersionId: null, share: 0, kind: 'rollback', reason: data.reason, expectedVersionId: c.versionId });
  });
}
