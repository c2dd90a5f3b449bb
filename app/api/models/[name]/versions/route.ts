import { bodyChunks, declaredLength, withActor } from '@/server/api/rest';
import { uploadModelVersion } from '@/server/services/models/register-version';

export const runtime = 'nodejs';

/**
 * POST /api/models/<name>/versions[?tags=a,b][&filename=…]  body: the ONNX bytes. The service
 * checks `model.write` before it reads a byte of the body.
 */
export async function POST(req: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return withActor(req, async (ctx) => {
    const q = new URL(req.url).searchParams;
    const tags = (q.get('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    const res = await uploadModelVersion(ctx, { model: name, tags, filename: q.get('filename') ?? undefined, declaredBytes: declaredLength(req) }, bodyChunks(req));
    return Response.json(res, { status: 201 });
  });
}
