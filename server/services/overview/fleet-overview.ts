// The Overview page: the whole fleet in one read. Each part is an indexed, bounded query:
// served models from aliases (at most MAX_MODELS), traffic from service_rollups (never the raw
// log), open alerts / pending requests / active jobs through partial indexes (migration 0016),
// and the newest audit events by their time index.
import { sql } from 'drizzle-orm';
import { can } from '@/server/auth/permissions';
import { latestAudit } from '../audit/list-audit';
import { requirePermission, type ServiceContext } from '../context';
import { modelHealth, type ModelHealth } from '../monitoring/model-health';
import { sparklineBuckets } from './sparkline';

export const MAX_MODELS = 100;
export const SPARK_BUCKET_MS = 5 * 60_000;
export const SPARK_BUCKETS = 24; // two hours
const LIST_LIMIT = 10;

export interface FleetModel {
  id: string;
  name: string;
  health: ModelHealth;
  aliases: { alias: string; version: number; share: number }[];
  /** Requests answered (production, canary, explicit; shadow re-scores them) per 5-minute bucket over the last two hours, oldest first, from rollups. */
  traffic: number[];
  openAlerts: number;
  /** The metrics of the firing alerts, so the state can be explained. */
  alertMetrics: string[];
}

export interface FleetOverview {
  models: FleetModel[];
  /** More served models exist than shown. */
  modelsTruncated: boolean;
  openAlerts: number;
  /** Requests by others that the signed-in user may decide; null when their role does not approve. */
  awaitingMe: { id: string; model: string; version: number; target: string; requestedBy: string; createdAt: string }[] | null;
  activeJobs: { id: string; title: string; status: string; progress: number; createdAt: string }[];
  activeJobsTotal: number;
  /** Null when the role may not read the audit log. */
  latestChanges: { id: number; at: string; actor: string; action: string; targetType: string; targetId: string }[] | null;
}

export async function fleetOverview(ctx: ServiceContext, now = Date.now()): Promise<FleetOverview> {
  const actor = requirePermission(ctx, 'console.read');
  const aliasRows = (
    await ctx.db.execute(sql`
      SELECT m.id, m.name, a.name AS alias, v.version, a.share
      FROM aliases a JOIN models m ON m.id = a.model_id JOIN model_versions v ON v.id = a.version_id
      WHERE a.version_id IS NOT NULL AND a.model_id IN (
        SELECT s.id FROM models s
        WHERE EXISTS (SELECT 1 FROM aliases x WHERE x.model_id = s.id AND x.version_id IS NOT NULL)
        ORDER BY s.name LIMIT ${MAX_MODELS + 1})
      ORDER BY m.name, a.name`)
  ).rows as { id: string; name: string; alias: string; version: number; share: number }[];
  const byId = new Map<string, FleetModel>();
  for (const r of aliasRows) {
    let m = byId.get(r.id);
    if (!m) byId.set(r.id, (m = { id: r.id, name: r.name, health: 'healthy', aliases: [], traffic: [], openAlerts: 0, alertMetrics: [] }));
    m.aliases.push({ alias: r.alias, version: Number(r.version), share: Number(r.share) });
  }
  const modelsTruncated = byId.size > MAX_MODELS;
  const models = [...byId.values()].slice(0, MAX_MODELS);
  const ids = models.map((m) => m.id);

  const firstBucket = Math.floor(now / SPARK_BUCKET_MS) - SPARK_BUCKETS + 1;
  const [traffic, firing, awaitingMe, jobs, jobsTotal] = await Promise.all([
    ids.length
      ? ctx.db.execute(sql`
          SELECT model_id AS "modelId", floor(extract(epoch FROM minute) * 1000 / ${SPARK_BUCKET_MS})::bigint AS bucket, sum(predictions)::int AS predictions
          FROM service_rollups
          WHERE model_id IN ${ids} AND route <> 'shadow' AND minute >= to_timestamp(${(firstBucket * SPARK_BUCKET_MS) / 1000})
          GROUP BY 1, 2`)
      : Promise.resolve({ rows: [] }),
    ctx.db.execute(sql`
      SELECT a.model_id AS "modelId", r.metric, count(*)::int AS n
      FROM alerts a JOIN alert_rules r ON r.id = a.rule_id
      WHERE a.status = 'firing'
      GROUP BY 1, 2`),
    actor.kind === 'system' || can(actor.role, 'promotion.approve')
      ? ctx.db.execute(sql`
          SELECT pr.id, m.name AS model, v.version, pr.target, u.email AS "requestedBy", pr.created_at AS "createdAt"
          FROM promotion_requests pr
          JOIN models m ON m.id = pr.model_id JOIN model_versions v ON v.id = pr.candidate_version_id JOIN users u ON u.id = pr.requested_by
          WHERE pr.status = 'pending' ${actor.kind === 'user' ? sql`AND pr.requested_by <> ${actor.id}` : sql``}
          ORDER BY pr.created_at DESC LIMIT ${LIST_LIMIT}`)
      : Promise.resolve(null),
    ctx.db.execute(sql`
      SELECT id, title, status, progress, created_at AS "createdAt" FROM jobs
      WHERE status IN ('queued', 'running') ORDER BY created_at DESC LIMIT ${LIST_LIMIT}`),
    ctx.db.execute(sql`SELECT count(*)::int AS n FROM jobs WHERE status IN ('queued', 'running')`),
  ]);

  const trafficByModel = new Map<string, { bucket: number; predictions: number }[]>();
  for (const r of traffic.rows as { modelId: string; bucket: string | number; predictions: number }[]) {
    const list = trafficByModel.get(r.modelId) ?? [];
    list.push({ bucket: Number(r.bucket), predictions: Number(r.predictions) });
    trafficByModel.set(r.modelId, list);
  }
  let openAlerts = 0;
  const firingByModel = new Map<string, { metric: string; n: number }[]>();
  for (const r of firing.rows as { modelId: string; metric: string; n: number }[]) {
    openAlerts += r.n;
    const list = firingByModel.get(r.modelId) ?? [];
    list.push({ metric: r.metric, n: r.n });
    firingByModel.set(r.modelId, list);
  }
  for (const m of models) {
    m.traffic = sparklineBuckets(trafficByModel.get(m.id) ?? [], now, SPARK_BUCKET_MS, SPARK_BUCKETS);
    const f = firingByModel.get(m.id) ?? [];
    m.openAlerts = f.reduce((s, x) => s + x.n, 0);
    m.alertMetrics = f.map((x) => x.metric).sort();
    m.health = modelHealth(f);
  }

  const canAudit = actor.kind === 'system' || can(actor.role, 'audit.read');
  const audit = canAudit ? await latestAudit(ctx, LIST_LIMIT) : null;
  const iso = (d: string | Date) => new Date(d).toISOString();
  return {
    models,
    modelsTruncated,
    openAlerts,
    awaitingMe: awaitingMe
      ? (awaitingMe.rows as { id: string; model: string; version: number; target: string; requestedBy: string; createdAt: string }[]).map((r) => ({ ...r, version: Number(r.version), createdAt: iso(r.createdAt) }))
      : null,
    activeJobs: (jobs.rows as { id: string; title: string; status: string; progress: number; createdAt: string }[]).map((j) => ({ ...j, progress: Number(j.progress), createdAt: iso(j.createdAt) })),
    activeJobsTotal: (jobsTotal.rows[0] as { n: number }).n,
    latestChanges: audit ? audit.map((e) => ({ id: e.id, at: e.at.toISOString(), actor: e.actorLabel, action: e.action, targetType: e.targetType, targetId: e.targetId })) : null,
  };
}
