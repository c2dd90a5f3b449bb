// API keys for prediction clients: shown once, stored as SHA-256, scoped to models (or all),
// revocable. Revocation NOTIFYs serving so cached keys are dropped at once.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/server/db/client';
import { models, servingKeyModels, servingKeys } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { inTransaction } from '../transaction';
import { hashToken, sameHash } from '../tokens/token-format';
import crypto from 'node:crypto';

export const SERVING_KEYS_CHANNEL = 'vigil_serving_keys';

export const createServingKeyInput = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100),
    /** Model names the key may call; empty with allModels for every model. */
    models: z.array(z.string()).max(100).default([]),
    allModels: z.boolean().default(false),
  })
  .refine((v) => v.allModels || v.models.length > 0, { message: 'choose at least one model, or all models', path: ['models'] });

export function newServingKey() {
  const prefix = crypto.randomBytes(6).toString('hex');
  const key = `vsk_${prefix}_${crypto.randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: hashToken(key) };
}

export async function createServingKey(ctx: ServiceContext, input: z.input<typeof createServingKeyInput>) {
  const actor = requirePermission(ctx, 'apikey.manage');
  const data = createServingKeyInput.parse(input);
  const k = newServingKey();
  return inTransaction(ctx, async (tx) => {
    const scoped = data.allModels ? [] : await tx.select().from(models).where(inArray(models.name, data.models));
    const missing = data.models.filter((n) => !scoped.some((m) => m.name === n));
    if (!data.allModels && missing.length) throw badRequest(`unknown model(s): ${missing.join(', ')}`, 'models');
    const [row] = await tx
      .insert(servingKeys)
      .values({ name: data.name, prefix: k.prefix, secretHash: k.hash, allModels: data.allModels, createdBy: actor.kind === 'user' ? actor.id : null })
      .returning();
    if (scoped.length) await tx.insert(servingKeyModels).values(scoped.map((m) => ({ keyId: row.id, modelId: m.id })));
    await writeAudit(tx, actor, { action: 'serving_key.create', targetType: 'serving_key', targetId: row.id, after: { name: row.name, prefix: row.prefix, allModels: data.allModels, models: scoped.map((m) => m.name) } });
    return { id: row.id, name: row.name, prefix: row.prefix, key: k.key };
  });
}

export async function revokeServingKey(ctx: ServiceContext, input: { id: string; reason?: string }) {
  const actor = requirePermission(ctx, 'apikey.manage');
  return inTransaction(ctx, async (tx) => {
    const [k] = await tx.select().from(servingKeys).where(eq(servingKeys.id, input.id)).for('update');
    if (!k) throw notFound('serving key');
    if (k.revokedAt) throw badRequest('key is already revoked', 'id');
    await tx.update(servingKeys).set({ revokedAt: sql`now()` }).where(eq(servingKeys.id, k.id));
    await writeAudit(tx, actor, { action: 'serving_key.revoke', targetType: 'serving_key', targetId: k.id, before: { revoked: false }, after: { revoked: true }, reason: input.reason });
    await tx.execute(sql`SELECT pg_notify(${SERVING_KEYS_CHANNEL}, ${k.prefix})`);
    return { id: k.id };
  });
}

export interface ServingKeyGrant {
  keyId: string;
  prefix: string;
  allModels: boolean;
  modelIds: Set<string>;
}

/** Checks a presented key; null when it is malformed, unknown, revoked or wrong. */
export async function verifyServingKey(db: Db, key: string): Promise<ServingKeyGrant | null> {
  const m = /^vsk_([0-9a-f]{12})_[A-Za-z0-9_-]{32}$/.exec(key);
  if (!m) return null;
  const [row] = await db.select().from(servingKeys).where(and(eq(servingKeys.prefix, m[1]), isNull(servingKeys.revokedAt)));
  if (!row || !sameHash(row.secretHash, hashToken(key))) return null;
  const scope = await db.select({ modelId: servingKeyModels.modelId }).from(servingKeyModels).where(eq(servingKeyModels.keyId, row.id));
  return { keyId: row.id, prefix: row.prefix, allModels: row.allModels, modelIds: new Set(scope.map((s) => s.modelId)) };
}
