// The on-call view: every served model with its production / canary / shadow versions and
// the last hour's traffic and latency from the prediction log.
import { sql } from 'drizzle-orm';
import { requirePermission, type ServiceContext } from '../context';

export async function onCallOverview(ctx: ServiceContext) {
  requirePermission(ctx, 'console.read');
  const res = await ctx.db.execute(sql`
    WITH a AS (
      SELECT m.id AS model_id, m.name,
        max(CASE WHEN al.name = 'production' THEN v.version END) AS production,
        max(CASE WHEN al.name = 'canary' THEN v.version END) AS canary,
        max(CASE WHEN al.name = 'canary' THEN al.share END) AS canary_share,
        max(CASE WHEN al.name = 'shadow' THEN v.version END) AS shadow
      FROM models m
      JOIN aliases al ON al.model_id = m.id AND al.version_id IS NOT NULL
      JOIN model_versions v ON v.id = al.version_id
      GROUP BY m.id, m.name
    ), t AS (
      SELECT p.model_id, count(*)::int AS predictions_1h,
        percentile_cont(0.99) WITHIN GROUP (ORDER BY p.latency_ms) AS p99_ms,
        max(p.ts) AS last_prediction_at
      FROM predictions p WHERE p.ts > now() - interval '1 hour' AND p.route <> 'shadow'
      GROUP BY p.model_id
    ), prev AS (
      SELECT DISTINCT ON (mv.model_id) mv.model_id, fv.version AS previous_production
      FROM alias_moves mv JOIN model_versions fv ON fv.id = mv.from_version_id
      WHERE mv.alias = 'production' ORDER BY mv.model_id, mv.id DESC
    )
    SELECT a.model_id AS "modelId", a.name, a.production, a.canary, a.canary_share AS "canaryShare", a.shadow,
      coalesce(t.predictions_1h, 0) AS "predictions1h", t.p99_ms AS "p99Ms", t.last_prediction_at AS "lastPredictionAt",
      prev.previous_production AS "previousProduction"
    FROM a LEFT JOIN t ON t.model_id = a.model_id LEFT JOIN prev ON prev.model_id = a.model_id
    ORDER BY a.name`);
  return res.rows as {
    modelId: string;
    name: string;
    production: number | null;
    canary: number | null;
    canaryShare: number | null;
    shadow: number | null;
    predictions1h: number;
    p99Ms: number | null;
    lastPredictionAt: string | null;
    previousProduction: number | null;
  }[];
}
