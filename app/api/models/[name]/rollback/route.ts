import { withActor } from '@/server/api/rest';
import { rollback } from '@/server/services/aliases/rollback';

export const runtime = 'nodejs';

/** POST /api/models/<name>/rollback  { "reason": "…", "fromVersion"?: N } → production back to its previous version. */
export async function POST(req: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return withActor(req, async (ctx) => {
    const body = (await req.json().catch(() => ({}))) as { reason?: string; fromVersion?: number };
    const res = await rollback(ctx, { model: name, reason: body.reason ?? '', fromVersion: body.fromVersion });
    return Response.json({ model: name, alias: 'production', version: res.toVersion, move: res.move });
  });
}
