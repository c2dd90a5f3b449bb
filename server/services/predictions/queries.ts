// Reads of the prediction log for the console: recent predictions and per-minute traffic.
import { and, eq, gte, sql } from 'drizzle-orm';
import { models, modelVersions, serviceRollups } from '@/server/db/schema';
import { latencyQuantile } from '@/server/ml/monitoring/latency';
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

/**
 * Requests per minute, latency percentiles and version mix over the last `minutes`, from the
 * per-minute service rollups (batch scoring is never in them; shadow scoring is, as its own
 * route). Latency percentiles are read from the rollups' latency buckets.
 */
export async function trafficSummary(ctx: ServiceContext, input: { model: string; minutes?: number }) {
  requirePermission(ctx, 'console.read');
  const id = await modelId(ctx, input.model);
  const minutes = Math.min(24 * 60, input.minutes ?? 60);
  const rows = await ctx.db
    .select({ minute: serviceRollups.minute, version: modelVersions.version, route: serviceRollups.route, predictions: serviceRollups.predictions, latency: serviceRollups.latency, scoreSums: serviceRollups.scoreSums })
    .from(serviceRollups)
    .innerJoin(modelVersions, eq(modelVersions.id, serviceRollups.versionId))
    .where(and(eq(serviceRollups.modelId, id), gte(serviceRollups.minute, new Date(Math.floor(Date.now() / 60_000) * 60_000 - (minutes - 1) * 60_000))))
    .orderBy(serviceRollups.minute);
  return rows.map((r) => ({
    minute: r.minute.toISOString(),
    version: r.version,
    route: r.route,
    predictions: r.predictions,
    p50: latencyQuantile(r.latency, 0.5) ?? 0,
    p99: latencyQuantile(r.latency, 0.99) ?? 0,
    meanScore: r.predictions ? r.scoreSums.reduce((x, y) => x + y, 0) / r.predictions : 0,
  }));
}
