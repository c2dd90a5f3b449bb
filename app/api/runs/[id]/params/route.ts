import { readJsonBody, withActor } from '@/server/api/rest';
import { requirePermission } from '@/server/services/context';
import { logExternalParams } from '@/server/services/runs/external-runs';

export const runtime = 'nodejs';

/** POST /api/runs/<id>/params  { "params": { … } } → merged into the running external run's params. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withActor(req, async (ctx) => {
    requirePermission(ctx, 'training.run');
    const body = (await readJsonBody(req)) as { params?: unknown };
    return Response.json(await logExternalParams(ctx, { runId: id, params: body.params }));
  });
}
