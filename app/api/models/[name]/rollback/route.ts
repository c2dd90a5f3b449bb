import { readJsonBody, withActor } from '@/server/api/rest';
import { rollback, rollbackBody } from '@/server/services/aliases/rollback';
import { requirePermission } from '@/server/services/context';

export const runtime = 'nodejs';

/**
 * POST /api/models/<name>/rollback  { "reason": "…", "fromVersion": N } → production back to its last good version.
 * `fromVersion` is required: a retry after the rollback committed answers the same result (`repeated: true`).
 */
export async function POST(req: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return withActor(req, async (ctx) => {
    // Permission before body: a caller who may not roll back learns nothing from validation.
    requirePermission(ctx, 'alias.rollback');
    const body = rollbackBody.parse(await readJsonBody(req));
    const res = await rollback(ctx, { ...body, model: name });
    return Response.json({ model: name, alias: 'production', version: res.toVersion, repeated: res.repeated, move: res.move });
  });
}
