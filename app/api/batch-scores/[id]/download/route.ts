import { Readable } from 'node:stream';
import { withActor } from '@/server/api/rest';
import { getBatchScoreResult } from '@/server/services/batch/batch-result';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';

export const runtime = 'nodejs';

/** The result CSV of a batch scoring: the dataset's columns plus score, label, prediction_id (formula cells escaped). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withActor(req, async (ctx) => {
    const b = await getBatchScoreResult(ctx, { id });
    const stream = await artifactStore().get(keyForSha(b.resultSha256));
    return new Response(Readable.toWeb(stream) as ReadableStream, { headers: { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="batch-${b.id.slice(0, 8)}.csv"` } });
  });
}
