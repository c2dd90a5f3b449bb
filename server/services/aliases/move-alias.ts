// Moving an alias: the only way traffic changes. One transaction locks the alias row, checks
// the caller's expectation (so two concurrent moves cannot both apply), writes the new target,
// the alias_moves history row and the audit event, and NOTIFYs the serving processes (Postgres
// delivers the notification on commit, so serving never sees a move that rolled back).
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { aliases, aliasMoves, models, modelVersions, type AliasMove } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { actorLabel, requirePermission, type Actor, type ServiceContext } from '../context';
import { badRequest, conflict, notFound } from '../errors';
import { inTransaction } from '../transaction';

export const ALIAS_CHANNEL = 'vigil_alias_moved';
const aliasName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lowercase letters, digits, dash or underscore');

export const moveAliasInput = z.object({
  model: z.string().min(1),
  alias: aliasName,
  /** Target version number; null clears the alias (e.g. end a canary or a shadow). */
  version: z.number().int().positive().nullable(),
  /** Canary share in [0, 1]; required for `canary`, ignored otherwise. */
  share: z.number().min(0).max(1).optional(),
  reason: z.string().trim().max(2000).optional(),
  /** The version number the caller believes the alias holds now (null = unset); a mismatch is a CONFLICT. */
  expectedVersion: z.number().int().positive().nullable().optional(),
});

export type MoveKind = AliasMove['kind'];

interface ApplyInput {
  modelId: string;
  modelName: string;
  alias: string;
  toVersionId: string | null;
  share: number;
  kind: MoveKind;
  reason: string | null;
  expectedVersionId?: string | null;
}

/** The core of every alias move; callers hold the permission check and input validation. */
export async function applyAliasMove(tx: Tx, actor: Actor, m: ApplyInput) {
  await tx.insert(aliases).values({ modelId: m.modelId, name: m.alias }).onConflictDoNothing();
  const [current] = await tx.select().from(aliases).where(and(eq(aliases.modelId, m.modelId), eq(aliases.name, m.alias))).for('update');
  if (m.expectedVersionId !== undefined && current.versionId !== m.expectedVersionId) {
    throw conflict(`${m.modelName}'s ${m.alias} alias changed meanwhile; reload and try again`, 'expectedVersion');
  }
  if (current.versionId === m.toVersionId && current.share === m.share) {
    throw badRequest(`${m.alias} already points there`, 'version');
  }
  await tx.update(aliases).set({ versionId: m.toVersionId, share: m.share, updatedAt: sql`now()` }).where(and(eq(aliases.modelId, m.modelId), eq(aliases.name, m.alias)));
  const [move] = await tx
    .insert(aliasMoves)
    .values({
      modelId: m.modelId,
      alias: m.alias,
      fromVersionId: current.versionId,
      toVersionId: m.toVersionId,
      share: m.share,
      kind: m.kind,
      actorId: actor.kind === 'user' ? actor.id : null,
      actorLabel: actorLabel(actor),
      reason: m.reason,
    })
    .returning();
  await writeAudit(tx, actor, {
    action: `alias.${m.kind}`,
    targetType: 'model',
    targetId: m.modelId,
    before: { alias: m.alias, versionId: current.versionId, share: current.share },
    after: { alias: m.alias, versionId: m.toVersionId, share: m.share },
    reason: m.reason,
  });
  await tx.execute(sql`SELECT pg_notify(${ALIAS_CHANNEL}, ${m.modelId})`);
  return move;
}

export async function resolveModel(tx: Tx, name: string) {
  const [model] = await tx.select().from(models).where(eq(models.name, name));
  if (!model) throw notFound(`model '${name}'`);
  return model;
}

export async function resolveVersion(tx: Tx, modelId: string, modelName: string, version: number) {
  const [v] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)));
  if (!v) throw notFound(`${modelName} v${version}`);
  return v;
}

/** Promote (or clear) an alias directly: production, canary at a share, shadow, or a custom alias. */
export async function moveAlias(ctx: ServiceContext, input: z.input<typeof moveAliasInput>) {
  const actor = requirePermission(ctx, 'alias.move');
  const data = moveAliasInput.parse(input);
  if (data.alias === 'canary' && data.version !== null && data.share === undefined) throw badRequest('a canary needs a share between 0 and 1', 'share');
  if (data.alias === 'production' && data.version === null) throw badRequest('production cannot be cleared; roll back or promote another version', 'version');
  return inTransaction(ctx, async (tx) => {
    const model = await resolveModel(tx, data.model);
    const to = data.version === null ? null : await resolveVersion(tx, model.id, model.name, data.version);
    const expected =
      data.expectedVersion === undefined ? undefined : data.expectedVersion === null ? null : (await resolveVersion(tx, model.id, model.name, data.expectedVersion)).id;
    return applyAliasMove(tx, actor, {
      modelId: model.id,
      modelName: model.name,
      alias: data.alias,
      toVersionId: to?.id ?? null,
      share: data.alias === 'canary' && to ? data.share! : 0,
      kind: data.version === null ? 'move' : 'promote',
      reason: data.reason ?? null,
      expectedVersionId: expected,
    });
  });
}
