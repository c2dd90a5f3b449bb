import { readJsonBody, withActor } from '@/server/api/rest';
import { moveAlias, moveAliasBody } from '@/server/services/aliases/move-alias';
import { requirePermission } from '@/server/services/context';

export const runtime = 'nodejs';

/**
 * PUT /api/models/<name>/aliases/<alias>  { "version": N | null, "share"?: 0..1, "reason"?: "…", "expectedVersion"?: N | null, "breakGlass"?: true }
 * A body that is not that JSON object (malformed, missing `version`, unknown fields) is refused with 400, never read as "clear".
 */
export async function PUT(req: Request, { params }: { params: Promise<{ name: string; alias: string }> }) {
  const { name, alias } = await params;
  return withActor(req, async (ctx) => {
    // Permission before body: a caller who may not move aliases learns nothing from validation.
    requirePermission(ctx, 'alias.move');
    const body = moveAliasBody.parse(await readJsonBody(req));
    const move = await moveAlias(ctx, { ...body, model: name, alias });
    return Response.json({ model: name, alias, move });
  });
}
