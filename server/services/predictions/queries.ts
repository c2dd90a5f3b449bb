// Reads of the prediction log for the console: recent predictions and per-minute traffic.
import { sql } from 'drizzle-orm';
import { models } from '@/server/db/schema';
import { eq } from 'drizzle-orm';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

async function modelId(ctx: ServiceContext, name: string) {
  const [m] = await ctx.db.select({ id: models.id }).from(models).where(eq(models.name, name));
  if (!m) throw notFound(`model '${name}'`);
  return m.id;
}

export async function recentPredictions(ctx: ServiceContext, input: { model: string; limit?: number; route?: string }) {
  requirePermission(ctx, 'console.read');
  const id = await modelId(ctx, input.model);
  const limit = Math.min(500, input.limit ?? 50);
  // Bounded to the last day so the query touches one or two partitions.
  const res = await ctx.db.execute(sql`
    SELECT p.id, p.ts, p.route, v.version, p.inputs, p.outputs, p.latency_ms AS "latencyMs", p.request_key AS "requestKey", p.context, f.label
    FROM predictions p
    JOIN model_versions v ON v.id = p.version_id
    LEFT JOIN prediction_feedback f ON f.prediction_id = p.id
    WHERE p.model_id = ${id} AND p.ts > now() - interval '1 day' ${input.route ? sql`AND p.route = ${input.route}` : sql``}
    ORDER BY p.ts DESC LIMIT ${limit}`);
  return res.rows as { id: string; ts: string; route: string; version: number; inputs: Record<string, unknown>; outputs: { score: number; label: number }; latencyMs: number; requestKey: string | null; context: unknown; label: number | null }[];
}

/** Requests per minute, latency percentiles and version mix over the last `minutes`. */
export async function trafficSummary(ctx: ServiceContext, input: { model: string; minutes?: number }) {
  requirePermission(ctx, 'console.read');
  const id = await modelId(ctx, input.model);
  const minutes = Math.min(24 * 60, input.minutes ?? 60);
  const res = await ctx.db.execute(sql`
    SELECT date_trunc('minute', p.ts) AS minute, v.version, p.route,
           count(*)::int AS predictions,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY p.latency_ms) AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY p.latency_ms) AS p99,
           avg((p.outputs->>'score')::float8) AS "meanScore"
    FROM predictions p JOIN model_versions v ON v.id = p.version_id
    WHERE p.model_id = ${id} AND p.ts > now() - make_interval(mins => ${minutes})
    GROUP BY 1, 2, 3 ORDER BY 1`);
  return res.rows as { minute: string; version: number; route: string; predictions: number; p50: number; p99: number; meanScore: number }[];
}
