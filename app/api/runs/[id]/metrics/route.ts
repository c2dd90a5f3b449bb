import { readJsonBody, withActor } from '@/server/api/rest';
import { requirePermission } from '@/server/services/context';
import { logExternalMetrics } from '@/server/services/runs/external-runs';

export const runtime = 'nodejs';

/**
 * POST /api/runs/<id>/metrics  { "metrics": [{ "name", "step", "value" }, …], "progress"?: 0–1 }
 * → step metrics of the running external run (charted live on its page).
 */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withActor(req, async (ctx) => {
    requirePermission(ctx, 'training.run');
    // 1000 points of ~80 bytes each fit well under 256 KiB.
    const body = (await readJsonBody(req, 256 * 1024)) as { metrics?: unknown; progress?: unknown };
    return Response.json(await logExternalMetrics(ctx, { runId: id, metrics: body.metrics, progress: body.progress }));
  });
}
