import { Readable } from 'node:stream';
import { withActor } from '@/server/api/rest';
import { getDatasetVersion } from '@/server/services/datasets/queries';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';

export const runtime = 'nodejs';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withActor(req, async (ctx) => {
    const { version, dataset } = await getDatasetVersion(ctx, { id });
    const stream = await artifactStore().get(keyForSha(version.sha256));
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="${dataset.name}-${version.sha256.slice(0, 12)}.csv"` },
    });
  });
}
