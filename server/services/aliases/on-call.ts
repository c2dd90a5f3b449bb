// The on-call view: every served model with its production / canary / shadow versions, the
// last hour's traffic and latency from the prediction log, and its latest break-glass move.
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
    ), bg AS (
      -- The newest break-glass move of the last 7 days: on-call must see who bypassed the workflow.
      SELECT DISTINCT ON (mv.model_id) mv.model_id, mv.alias, mv.at, mv.actor_label, mv.reason, tv.version AS to_version
      FROM alias_moves mv LEFT JOIN model_versions tv ON tv.id = mv.to_version_id
      WHERE mv.break_glass AND mv.at > now() - interval '7 days' ORDER BY mv.model_id, mv.id DESC
    )
    SELECT a.model_id AS "modelId", a.name, a.production, a.canary, a.canary_share AS "canaryShare", a.shadow,
      coalesce(t.predictions_1h, 0) AS "predictions1h", t.p99_ms AS "p99Ms", t.last_prediction_at AS "lastPredictionAt",
      CASE WHEN bg.model_id IS NULL THEN NULL ELSE json_build_object('alias', bg.alias, 'at', bg.at, 'actor', bg.actor_label, 'reason', bg.reason, 'toVersion', bg.to_version) END AS "breakGlass"
    FROM a LEFT JOIN t ON t.model_id = a.model_id LEFT JOIN bg ON bg.model_id = a.model_id
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
    breakGlass: { alias: string; at: string; actor: string; reason: string | null; toVersion: number | null } | null;
  }[];
}
