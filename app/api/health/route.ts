import { checkHealth } from '@/server/observability/health';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** 200 when Postgres and Redis answer, 503 otherwise, with each check's result. */
export async function GET() {
  const report = await checkHealth();
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
