import { bodyChunks, declaredLength, withActor } from '@/server/api/rest';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';

export const runtime = 'nodejs';

/**
 * POST /api/datasets?name=<dataset>[&description=…][&filename=…]  body: the CSV bytes.
 * 201 with the new version, 200 when the same bytes were already a version of this dataset.
 */
export async function POST(req: Request) {
  return withActor(req, async (ctx) => {
    const q = new URL(req.url).searchParams;
    const res = await uploadDataset(
      ctx,
      { name: q.get('name') ?? '', description: q.get('description') ?? undefined, filename: q.get('filename') ?? undefined, declaredBytes: declaredLength(req) },
      bodyChunks(req),
    );
    return Response.json(res, { status: res.created ? 201 : 200 });
  });
}
