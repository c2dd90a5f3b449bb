import { metricsRegistry } from '@/server/observability/metrics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET() {
  const reg = metricsRegistry('web');
  return new Response(await reg.metrics(), { headers: { 'content-type': reg.contentType } });
}
