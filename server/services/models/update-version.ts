import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { modelVersions } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { inTransaction } from '../transaction';
import { cardFieldsInput } from './card-fields';

export const updateVersionInput = z.object({
  versionId: z.string().uuid(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  card: z.string().max(20_000).optional(),
  /** Replaces the intended-use fields; an empty string clears one. */
  cardFields: cardFieldsInput.optional(),
});

/** Edits a version's tags and model card (the artifact and lineage are immutable). */
export async function updateModelVersion(ctx: ServiceContext, input: z.input<typeof updateVersionInput>) {
  const actor = requirePermission(ctx, 'model.write');
  const data = updateVersionInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [mv] = await tx.select().from(modelVersions).where(eq(modelVersions.id, data.versionId)).for('update');
    if (!mv) throw notFound('model version');
    const cardFields = data.cardFields && Object.fromEntries(Object.entries(data.cardFields).filter(([, v]) => v !== undefined && v.trim() !== ''));
    const patch = { ...(data.tags ? { tags: data.tags } : {}), ...(data.card !== undefined ? { card: data.card } : {}), ...(cardFields ? { cardFields } : {}) };
    const [after] = await tx.update(modelVersions).set(patch).where(eq(modelVersions.id, mv.id)).returning();
    await writeAudit(tx, actor, {
      action: 'model_version.update',
      targetType: 'model_version',
      targetId: mv.id,
      before: { tags: mv.tags, card: data.card !== undefined ? mv.card : undefined, cardFields: cardFields ? mv.cardFields : undefined },
      after: patch,
    });
    return after;
  });
}
