import { withActor } from '@/server/api/rest';
import { modelCardFile } from '@/server/services/models/model-card';

export const runtime = 'nodejs';

/** Downloads a version's generated model card as Markdown (console.read: any signed-in role or API token). */
export async function GET(req: Request, { params }: { params: Promise<{ name: string; version: string }> }) {
  const { name, version } = await params;
  return withActor(req, async (ctx) => {
    const card = await modelCardFile(ctx, { name, version: /^\d{1,9}$/.test(version) ? Number(version) : Number.NaN });
    return new Response(card.markdown, {
      headers: {
        'content-type': 'text/markdown; charset=utf-8',
        'content-disposition': `attachment; filename="${card.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'cache-control': 'no-store',
      },
    });
  });
}
