import { withActor } from '@/server/api/rest';
import { getModelVersion } from '@/server/services/models/queries';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';

export const runtime = 'nodejs';

/** Downloads a version's model.onnx (the exact bytes whose SHA-256 the registry records). */
export async function GET(req: Request, { params }: { params: Promise<{ name: string; version: string }> }) {
  const { name, version } = await params;
  return withActor(req, async (ctx) => {
    const { version: mv } = await getModelVersion(ctx, { name, version: Number(version) });
    const bytes = await artifactStore().getBytes(keyForSha(mv.artifactSha256));
    return new Response(new Uint8Array(bytes), {
      headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${name}-v${mv.version}.onnx"`, 'x-artifact-sha256': mv.artifactSha256 },
    });
  });
}
