import { metricsAuthorized } from '@/server/http/metrics-auth';
import { metricsRegistry } from '@/server/observability/metrics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  if (!metricsAuthorized(req.headers.get('authorization'))) {
    return new Response('metrics need Authorization: Bearer <VIGIL_METRICS_TOKEN>\n', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  }
  const reg = metricsRegistry('web');
  return new Response(await reg.metrics(), { headers: { 'content-type': reg.contentType } });
}
