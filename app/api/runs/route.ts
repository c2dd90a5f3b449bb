import { readJsonBody, withActor } from '@/server/api/rest';
import { requirePermission } from '@/server/services/context';
import { createExternalRun } from '@/server/services/runs/external-runs';

export const runtime = 'nodejs';

/**
 * POST /api/runs  { "experiment", "name"?, "trainer"?, "datasetVersionId"?, "target"?, "codeVersion"?, "params"? }
 * → 201 with a run trained outside Vigil, status running (see "Track runs trained elsewhere" in the README).
 */
export async function POST(req: Request) {
  return withActor(req, async (ctx) => {
    // Permission before body: a caller who may not train learns nothing from validation.
    requirePermission(ctx, 'training.run');
    const run = await createExternalRun(ctx, await readJsonBody(req));
    return Response.json(run, { status: 201 });
  });
}
