import { bodyChunks, declaredLength, readJsonBody, withActor } from '@/server/api/rest';
import { requirePermission } from '@/server/services/context';
import { failExternalRun, finishExternalRun } from '@/server/services/runs/external-runs';

export const runtime = 'nodejs';

/**
 * POST /api/runs/<id>/finish
 *   body: the ONNX model bytes (application/octet-stream) → the run succeeded with this model;
 *   body: { "status": "failed", "error": "…" } (application/json) → the run failed.
 */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withActor(req, async (ctx) => {
    requirePermission(ctx, 'training.run');
    if ((req.headers.get('content-type') ?? '').startsWith('application/json')) {
      return Response.json(await failExternalRun(ctx, { runId: id, body: await readJsonBody(req) }));
    }
    return Response.json(await finishExternalRun(ctx, { runId: id, declaredBytes: declaredLength(req) }, bodyChunks(req)));
  });
}
