// The on-call view: every served model with its production / canary / shadow versions, the
// last hour's online traffic and latency, and its state (healthy / drifting / degraded) from
// open alerts and service figures, and its latest break-glass move. Traffic comes from the per-minute service rollups, never
// from a scan of the prediction log (the page polls every 5 s).
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { alertRules, alerts, serviceRollups, servingRejections } from '@/server/db/schema';
import { latencyQuantile, LATENCY_BOUNDS_MS } from '@/server/ml/monitoring/latency';
import { ONLINE_ROUTES } from '@/server/ml/monitoring/model-state';
import { servedModelState, type ModelHealth } from '../monitoring/model-health';
import { requirePermission, type ServiceContext } from '../context';

export interface OnCallRow {
  modelId: string;
  name: string;
  production: number | null;
  canary: number | null;
  canaryShare: number | null;
  shadow: number | null;
  /** Online predictions (production and canary routes) in the last 60 minutes. */
  predictions1h: number;
  p99Ms: number | null;
  /** The last minute with online traffic. */
  lastPredictionAt: string | null;
  previousProduction: number | null;
  state: ModelHealth;
  stateReasons: string[];
  /** The newest break-glass move of the last 7 days. */
  breakGlass: { alias: string; at: string; actor: string; reason: string | null; toVersion: number | null } | null;
}

export async function onCallOverview(ctx: ServiceContext): Promise<OnCallRow[]> {
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
    ), prev AS (
      SELECT DISTINCT ON (mv.model_id) mv.model_id, fv.version AS previous_production
      FROM alias_moves mv JOIN model_versions fv ON fv.id = mv.from_version_id
      WHERE mv.alias = 'production' ORDER BY mv.model_id, mv.id DESC
    ), bg AS (
      -- The newest break-glass move of the last 7 days: on-call must see who bypassed the workflow.
      SELECT DISTINCT ON (mv.model_id) mv.model_id, mv.alias, mv.at, mv.actor_label, mv.reason, tv.version AS to_version
      FROM alias_moves mv LEFT JOIN model_versions tv ON tv.id = mv.to_version_id
      WHERE mv.break_glass AND mv.at > now() - interval '7 days' ORDER BY mv.model_id, mv.id DESC
    )
    SELECT a.model_id AS "modelId", a.name, a.production, a.canary, a.canary_share AS "canaryShare", a.shadow, prev.previous_production AS "previousProduction",
      CASE WHEN bg.model_id IS NULL THEN NULL ELSE json_build_object('alias', bg.alias, 'at', bg.at, 'actor', bg.actor_label, 'reason', bg.reason, 'toVersion', bg.to_version) END AS "breakGlass"
    FROM a LEFT JOIN prev ON prev.model_id = a.model_id LEFT JOIN bg ON bg.model_id = a.model_id
    ORDER BY a.name`);
  const served = res.rows as Pick<OnCallRow, 'modelId' | 'name' | 'production' | 'canary' | 'canaryShare' | 'shadow' | 'previousProduction' | 'breakGlass'>[];
  if (!served.length) return [];
  const ids = served.map((m) => m.modelId);
  const now = Date.now();
  const hourAgo = new Date(Math.floor(now / 60_000) * 60_000 - 59 * 60_000);
  const quarterAgo = new Date(now - 15 * 60_000);

  const rollups = await ctx.db
    .select({ modelId: serviceRollups.modelId, minute: serviceRollups.minute, predictions: serviceRollups.predictions, latency: serviceRollups.latency })
    .from(serviceRollups)
    .where(and(inArray(serviceRollups.modelId, ids), gte(serviceRollups.minute, hourAgo), inArray(serviceRollups.route, [...ONLINE_ROUTES])));
  const rejected = await ctx.db
    .select({ model: servingRejections.modelName, n: sql<number>`sum(${servingRejections.count})::int` })
    .from(servingRejections)
    .where(and(inArray(servingRejections.modelName, served.map((m) => m.name)), gte(servingRejections.minute, quarterAgo)))
    .groupBy(servingRejections.modelName);
  const firing = await ctx.db
    .select({ modelId: alerts.modelId, metric: alertRules.metric })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(and(inArray(alerts.modelId, ids), eq(alerts.status, 'firing')));

  return served.map((m) => {
    const mine = rollups.filter((r) => r.modelId === m.modelId);
    const latency = new Array<number>(LATENCY_BOUNDS_MS.length).fill(0);
    let predictions = 0;
    let recent = 0;
    let last: Date | null = null;
    for (const r of mine) {
      predictions += r.predictions;
      r.latency.forEach((c, i) => (latency[i] += c));
      if (r.minute >= quarterAgo) recent += r.predictions;
      if (r.predictions > 0 && (!last || r.minute > last)) last = r.minute;
    }
    const rej = rejected.find((x) => x.model === m.name)?.n ?? 0;
    const { state, reasons } = servedModelState(
      firing.filter((f) => f.modelId === m.modelId).map((f) => f.metric),
      { errorRate: recent + rej > 0 ? rej / (recent + rej) : null },
    );
    return { ...m, predictions1h: predictions, p99Ms: predictions ? latencyQuantile(latency, 0.99) : null, lastPredictionAt: last?.toISOString() ?? null, state, stateReasons: reasons };
  });
}
