// Moving an alias: the only way traffic changes. One transaction locks the alias row, checks
// the caller's expectation (so two concurrent moves cannot both apply), writes the new target,
// the alias_moves history row and the audit event, and NOTIFYs the serving processes (Postgres
// delivers the notification on commit, so serving never sees a move that rolled back).
//
// Protected aliases (the model's policy; production and canary by default) move only through an
// approved promotion request (services/promotions/*, which call applyAliasMove). A direct move
// is refused, except an admin's break-glass: a written reason, a critical alert, and the move
// marked in alias history and the audit log.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { aliasBadVersions, aliases, aliasMoves, models, modelVersions, type AliasMove } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { actorLabel, requirePermission, type Actor, type ServiceContext } from '../context';
import { badRequest, conflict, forbidden, notFound } from '../errors';
import { dispatchDeliveries } from '../monitoring/webhooks';
import { fireEventAlert } from '../monitoring/event-alert';
import { loadPolicy } from '../promotions/policies';
import { writtenText } from '../text-input';
import { inTransaction } from '../transaction';

export const ALIAS_CHANNEL = 'vigil_alias_moved';
const aliasName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lowercase letters, digits, dash or underscore');

/** Every field named; unknown fields are refused (a typo must not read as "clear the alias"). */
export const moveAliasBody = z.strictObject({
  /** Target version number; null clears the alias (e.g. end a shadow). Required: there is no default. */
  version: z.number().int().positive().nullable(),
  /** Canary share in [0, 1]; required for `canary`, ignored otherwise. */
  share: z.number().min(0).max(1).optional(),
  reason: writtenText(2000).optional(),
  /** The version number the caller believes the alias holds now (null = unset); a mismatch is a CONFLICT. */
  expectedVersion: z.number().int().positive().nullable().optional(),
  /** Admins only, for a protected alias in an emergency: needs a reason; fires a critical alert. */
  breakGlass: z.boolean().optional(),
});

export const moveAliasInput = moveAliasBody.extend({ model: z.string().min(1), alias: aliasName });

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
  breakGlass?: boolean;
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
      breakGlass: m.breakGlass ?? false,
    })
    .returning();
  await writeAudit(tx, actor, {
    action: m.breakGlass ? 'alias.break_glass' : `alias.${m.kind}`,
    targetType: 'model',
    targetId: m.modelId,
    before: { alias: m.alias, versionId: current.versionId, share: current.share },
    after: { alias: m.alias, versionId: m.toVersionId, share: m.share, ...(m.breakGlass ? { breakGlass: true } : {}) },
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

/** The refusal every path shows (UI, tRPC, REST, CLI): what is protected and how to ask. */
export function protectedAliasMessage(model: string, alias: string, version: number | null): string {
  return (
    `${model}'s ${alias} alias is protected: it moves only through an approved promotion request. ` +
    `Request one on the model page (Request promotion), with \`vigil request-promotion ${model} --version ${version ?? 'N'} --note "why"\`, ` +
    `or POST promotions.request; an approver then decides. In an emergency an admin may break glass (a written reason; a critical alert fires).`
  );
}

/**
 * Moves an alias directly: an unprotected alias (shadow, a custom one) for anyone with
 * alias.move; a protected one only by an admin's break-glass; production's first release (no
 * version yet, nothing to protect) for alias.move.
 */
export async function moveAlias(ctx: ServiceContext, input: z.input<typeof moveAliasInput>) {
  const actor = requirePermission(ctx, 'alias.move');
  const data = moveAliasInput.parse(input);
  if (data.alias === 'canary' && data.version !== null && data.share === undefined) throw badRequest('a canary needs a share between 0 and 1', 'share');
  if (data.alias === 'production' && data.version === null) throw badRequest('production cannot be cleared; roll back or promote another version', 'version');
  const res = await inTransaction(ctx, async (tx) => {
    const model = await resolveModel(tx, data.model);
    const policy = await loadPolicy(tx, model.id);
    const [current] = await tx.select().from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.name, data.alias))).for('update');
    const firstRelease = data.alias === 'production' && !current?.versionId;
    const isProtected = policy.protectedAliases.includes(data.alias) && !firstRelease;
    if (isProtected && !data.breakGlass) throw forbidden(protectedAliasMessage(model.name, data.alias, data.version));
    if (data.breakGlass) {
      requirePermission(ctx, 'alias.break_glass');
      if (!isProtected) throw badRequest(`${data.alias} is not protected for ${model.name}; move it without break-glass`, 'breakGlass');
      if (!data.reason || data.reason.length < 10) throw badRequest('break-glass needs a written reason (at least 10 characters): say what emergency this is', 'reason');
    }
    const to = data.version === null ? null : await resolveVersion(tx, model.id, model.name, data.version);
    if (to) {
      const [bad] = await tx.select().from(aliasBadVersions).where(and(eq(aliasBadVersions.modelId, model.id), eq(aliasBadVersions.alias, data.alias), eq(aliasBadVersions.versionId, to.id)));
      if (bad) throw forbidden(`${model.name} v${to.version} was rolled back from ${data.alias}; it returns only through a new approved promotion request`);
    }
    // A first release applies only while production is still unset: of two at once, one wins
    // (the other would otherwise be a second, unprotected move).
    const expected =
      data.expectedVersion === undefined ? (firstRelease ? null : undefined) : data.expectedVersion === null ? null : (await resolveVersion(tx, model.id, model.name, data.expectedVersion)).id;
    const move = await applyAliasMove(tx, actor, {
      modelId: model.id,
      modelName: model.name,
      alias: data.alias,
      toVersionId: to?.id ?? null,
      share: data.alias === 'canary' && to ? data.share! : 0,
      kind: data.version === null ? 'move' : 'promote',
      reason: data.reason ?? null,
      expectedVersionId: expected,
      breakGlass: data.breakGlass ?? false,
    });
    const deliveries = data.breakGlass
      ? await fireEventAlert(tx, actor, {
          modelId: model.id,
          modelName: model.name,
          metric: 'break_glass',
          versionId: to?.id ?? null,
          version: to?.version ?? null,
          message: `break-glass: ${actorLabel(actor)} moved ${model.name}'s ${data.alias} to ${to ? `v${to.version}` : 'nothing'} outside the promotion workflow: ${data.reason}`,
          detail: { alias: data.alias, moveId: move.id, reason: data.reason },
        })
      : [];
    return { move, deliveries };
  });
  await dispatchDeliveries(res.deliveries);
  return res.move;
}
