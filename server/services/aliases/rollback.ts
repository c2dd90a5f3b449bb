// One-click rollback: production goes back to the last good version — the most recent earlier
// production version that was not itself rolled back from. The version rolled back from is
// marked bad for production (it returns only through a new approved promotion request), so a
// second rollback walks further back instead of re-deploying it.
//
// The caller names the version it is rolling back from (the UI and CLI read it first). A retry
// with the same fromVersion, once the first attempt committed, answers that attempt's result
// (idempotent); two on-call engineers clicking at once roll back once, not twice.
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { aliasBadVersions, aliases, aliasMoves, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, conflict } from '../errors';
import { writtenText } from '../text-input';
import { inTransaction } from '../transaction';
import { applyAliasMove, resolveModel, resolveVersion } from './move-alias';

export const rollbackBody = z.strictObject({
  reason: writtenText(2000).pipe(z.string().min(1, 'is required: say why you roll back')),
  /** The production version being rolled back from; required, so a retry cannot roll back twice. */
  fromVersion: z.number({ error: 'is required: the production version you roll back from' }).int().positive(),
});
export const rollbackInput = rollbackBody.extend({ model: z.string().min(1) });

/** Where a rollback of `model` from its current production version would land (null: nowhere to go). */
export async function rollbackTarget(tx: Tx, modelId: string, currentVersionId: string): Promise<{ id: string; version: number } | null> {
  const history = await tx
    .select({ to: aliasMoves.toVersionId })
    .from(aliasMoves)
    .where(and(eq(aliasMoves.modelId, modelId), eq(aliasMoves.alias, 'production')))
    .orderBy(desc(aliasMoves.id));
  const bad = new Set((await tx.select({ v: aliasBadVersions.versionId }).from(aliasBadVersions).where(and(eq(aliasBadVersions.modelId, modelId), eq(aliasBadVersions.alias, 'production')))).map((b) => b.v));
  const target = history.find((h) => h.to && h.to !== currentVersionId && !bad.has(h.to))?.to;
  if (!target) return null;
  const [v] = await tx.select({ id: modelVersions.id, version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.id, target));
  return v;
}

export async function rollback(ctx: ServiceContext, input: z.input<typeof rollbackInput>) {
  const actor = requirePermission(ctx, 'alias.rollback');
  const data = rollbackInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const model = await resolveModel(tx, data.model);
    const [prod] = await tx.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'production'))).for('update');
    if (!prod?.versionId) throw badRequest(`${model.name} has no production version to roll back`, 'model');
    const from = await resolveVersion(tx, model.id, model.name, data.fromVersion);
    if (from.id !== prod.versionId) {
      // A retry of a rollback that already happened: answer it again rather than roll back twice.
      const [last] = await tx.select().from(aliasMoves).where(and(eq(aliasMoves.modelId, model.id), eq(aliasMoves.alias, 'production'))).orderBy(desc(aliasMoves.id)).limit(1);
      if (last && last.kind === 'rollback' && last.fromVersionId === from.id && last.toVersionId === prod.versionId) {
        const [to] = await tx.select({ version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.id, prod.versionId));
        return { move: last, toVersion: to.version, repeated: true };
      }
      throw conflict(`${model.name}'s production is no longer v${data.fromVersion}; it was changed meanwhile`, 'fromVersion');
    }
    const target = await rollbackTarget(tx, model.id, prod.versionId);
    if (!target) throw badRequest(`${model.name} has no earlier good production version to return to`, 'model');
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
    await markBad(tx, model.id, 'production', prod.versionId, move.id);
    return { move, toVersion: target.version, repeated: false };
  });
}

export async function markBad(tx: Tx, modelId: string, alias: string, versionId: string, moveId: number): Promise<void> {
  await tx.insert(aliasBadVersions).values({ modelId, alias, versionId, moveId }).onConflictDoUpdate({ target: [aliasBadVersions.modelId, aliasBadVersions.alias, aliasBadVersions.versionId], set: { moveId, markedAt: new Date() } });
}

/** What the rollback dialog shows before confirming: from and to. */
export async function rollbackPreview(ctx: ServiceContext, input: { model: string }) {
  requirePermission(ctx, 'console.read');
  return inTransaction(ctx, async (tx) => {
    const model = await resolveModel(tx, input.model);
    const [prod] = await tx.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, 'production')));
    if (!prod?.versionId) return { from: null, to: null };
    const [from] = await tx.select({ version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.id, prod.versionId));
    const to = await rollbackTarget(tx, model.id, prod.versionId);
    return { from: from.version, to: to?.version ?? null };
  });
}
