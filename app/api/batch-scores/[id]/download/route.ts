import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { withActor } from '@/server/api/rest';
import { batchScores } from '@/server/db/schema';
import { requirePermission } from '@/server/services/context';
import { notFound } from '@/server/services/errors';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';

export const runtime = 'nodejs';

/** The result CSV of a batch scoring: the dataset's columns plus score, label, prediction_id. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withActor(req, async (ctx) => {
    requirePermission(ctx, 'console.read');
    const [b] = await ctx.db.select().from(batchScores).where(eq(batchScores.id, id));
    if (!b?.resultSha256) throw notFound('batch score result');
    const stream = await artifactStore().get(keyForSha(b.resultSha256));
    return new Response(Readable.toWeb(stream) as ReadableStream, { headers: { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="batch-${id.slice(0, 8)}.csv"` } });
  });
}
