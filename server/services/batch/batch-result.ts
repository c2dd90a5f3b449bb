import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { batchScores } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';

/** The stored result CSV of a finished batch scoring (its artifact SHA-256). */
export async function getBatchScoreResult(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  if (!z.string().uuid().safeParse(input.id).success) throw badRequest('is not a batch score id', 'id');
  const [b] = await ctx.db.select().from(batchScores).where(eq(batchScores.id, input.id));
  if (!b?.resultSha256) throw notFound('batch score result');
  return { id: b.id, resultSha256: b.resultSha256 };
}
