// One-click rollback: production goes back to the version it held before the current one.
// The caller names the version it is rolling back from (the UI and CLI read it first), so two
// on-call engineers clicking at once roll back once, not twice.
import { and, desc, eq, ne, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { aliases, aliasMoves, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, conflict } from '../errors';
import { inTransaction } from '../transaction';
import { applyAliasMove, resolveModel, resolveVersion } from './move-alias';

export const rollbackInput = z.object({
  model: z.string().min(1),
  reason: z.string().trim().min(1, 'is required: say why you roll back').max(2000),
  /** The production version being rolled back; when given and production moved meanwhile, CONFLICT. */
  fromVersion: z.number().int().positive().optional(),
});

export async function rollback(ctx: ServiceContext, input: z.input<typeof rollbackInput>) {
  const actor = requirePermission(ctx, 'alias.rollback');
  const data = rollbackInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const model = await resolveModel(tx, data.model);
    const [prod] = await tx.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'production'))).for('update');
    if (!prod?.versionId) throw badRequest(`${model.name} has no production version to roll back`, 'model');
    if (data.fromVersion !== undefined) {
      const from = await resolveVersion(tx, model.id, model.name, data.fromVersion);
      if (from.id !== prod.versionId) throw conflict(`${model.name}'s production is no longer v${data.fromVersion}; it was changed meanwhile`, 'fromVersion');
    }
    // The version production held before it moved to the current one.
    const [last] = await tx
      .select()
      .from(aliasMoves)
      .where(and(eq(aliasMoves.modelId, model.id), eq(aliasMoves.alias, 'production'), eq(aliasMoves.toVersionId, prod.versionId), isNotNull(aliasMoves.fromVersionId), ne(aliasMoves.fromVersionId, prod.versionId)))
      .orderBy(desc(aliasMoves.id))
      .limit(1);
    if (!last?.fromVersionId) throw badRequest(`${model.name} has no previous production version to return to`, 'model');
    const [target] = await tx.select().from(modelVersions).where(eq(modelVersions.id, last.fromVersionId));
    const move = await applyAliasMove(tx, actor, {
      modelId: model.id,
      modelName: model.name,
      alias: 'production',
      toVersionId: target.id,
      share: 0,
      kind: 'rollback',
      reason: data.reason,
      expectedVersionId: prod.versionId,
    });
    return { move, toVersion: target.version };
  });
}
