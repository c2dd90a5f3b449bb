import { withActor } from '@/server/api/rest';
import { moveAlias } from '@/server/services/aliases/move-alias';

export const runtime = 'nodejs';

/** PUT /api/models/<name>/aliases/<alias>  { "version": N | null, "share"?: 0..1, "reason"?: "…", "expectedVersion"?: N | null } */
export async function PUT(req: Request, { params }: { params: Promise<{ name: string; alias: string }> }) {
  const { name, alias } = await params;
  return withActor(req, async (ctx) => {
    const body = (await req.json().catch(() => ({}))) as { version?: number | null; share?: number; reason?: string; expectedVersion?: number | null };
    const move = await moveAlias(ctx, { model: name, alias, version: body.version === undefined ? null : body.version, share: body.share, reason: body.reason, expectedVersion: body.expectedVersion });
    return Response.json({ model: name, alias, move });
  });
}
