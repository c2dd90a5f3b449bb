// One prediction and where it came from: the version that answered, the run that trained it,
// the dataset version and feature spec behind that run, and the alias moves around its time
// (the move that put the version behind its route before the prediction, and the next move).
import { and, desc, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { aliasMoves, datasets, datasetVersions, experiments, featureSpecs, models, modelVersions, runs } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

export interface AliasMoveView {
  id: number;
  alias: string;
  kind: string;
  fromVersion: number | null;
  toVersion: number | null;
  share: number;
  actor: string;
  reason: string | null;
  at: string;
}

export interface PredictionTrace {
  id: string;
  ts: string;
  route: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  latencyMs: number;
  requestKey: string | null;
  context: Record<string, unknown> | null;
  label: number | null;
  labelReceivedAt: string | null;
  model: { id: string; name: string };
  version: { id: string; version: number; source: string; href: string };
  run: { id: string; name: string; trainer: string; seed: number; experiment: { id: string; name: string }; href: string } | null;
  datasetVersion: { id: string; dataset: string; sha256: string; rows: number; href: string } | null;
  featureSpec: { id: string; sha256: string } | null;
  /** Only for routes an alias serves (production, canary, shadow); explicit and batch have none. */
  aliasBefore: AliasMoveView | null;
  aliasAfter: AliasMoveView | null;
}

const ALIAS_ROUTES = new Set(['production', 'canary', 'shadow']);

export async function tracePrediction(ctx: ServiceContext, input: { id: string }): Promise<PredictionTrace> {
  requirePermission(ctx, 'console.read');
  // predictions_id_idx on every partition; the feedback row by its primary key.
  const res = await ctx.db.execute(sql`
    SELECT p.id, p.ts, p.model_id AS "modelId", p.version_id AS "versionId", p.route, p.inputs, p.outputs,
           p.latency_ms AS "latencyMs", p.request_key AS "requestKey", p.context,
           f.label, f.received_at AS "labelReceivedAt"
    FROM predictions p LEFT JOIN prediction_feedback f ON f.prediction_id = p.id
    WHERE p.id = ${input.id} LIMIT 1`);
  const p = res.rows[0] as
    | { id: string; ts: string | Date; modelId: string; versionId: string; route: string; inputs: Record<string, unknown>; outputs: Record<string, unknown>; latencyMs: number; requestKey: string | null; context: Record<string, unknown> | null; label: number | null; labelReceivedAt: string | Date | null }
    | undefined;
  if (!p) throw notFound(`prediction '${input.id}'`);
  const ts = new Date(p.ts);

  const [v] = await ctx.db
    .select({ id: modelVersions.id, version: modelVersions.version, source: modelVersions.source, runId: modelVersions.runId, featureSpecId: modelVersions.featureSpecId, modelName: models.name })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(modelVersions.id, p.versionId));
  if (!v) throw notFound(`model version of prediction '${input.id}'`);

  let run: PredictionTrace['run'] = null;
  let datasetVersion: PredictionTrace['datasetVersion'] = null;
  if (v.runId) {
    const [r] = await ctx.db
      .select({ run: runs, exp: experiments, dv: datasetVersions, ds: datasets })
      .from(runs)
      .innerJoin(experiments, eq(experiments.id, runs.experimentId))
      // An external run may name no dataset version.
      .leftJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
      .leftJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .where(eq(runs.id, v.runId));
    if (r) {
      run = { id: r.run.id, name: r.run.name, trainer: r.run.trainer, seed: r.run.seed, experiment: { id: r.exp.id, name: r.exp.name }, href: `/runs/${r.run.id}` };
      datasetVersion = r.dv && r.ds ? { id: r.dv.id, dataset: r.ds.name, sha256: r.dv.sha256, rows: r.dv.rowCount, href: `/datasets/versions/${r.dv.id}` } : null;
    }
  }
  let featureSpec: PredictionTrace['featureSpec'] = null;
  if (v.featureSpecId) {
    const [s] = await ctx.db.select({ id: featureSpecs.id, sha256: featureSpecs.sha256 }).from(featureSpecs).where(eq(featureSpecs.id, v.featureSpecId));
    featureSpec = s ?? null;
  }

  let aliasBefore: AliasMoveView | null = null;
  let aliasAfter: AliasMoveView | null = null;
  if (ALIAS_ROUTES.has(p.route)) {
    // alias_moves_model_idx (model_id, alias, id): ids grow with time, so both are short index walks.
    const cond = and(eq(aliasMoves.modelId, p.modelId), eq(aliasMoves.alias, p.route));
    const [before] = await ctx.db.select().from(aliasMoves).where(and(cond, lte(aliasMoves.at, ts))).orderBy(desc(aliasMoves.id)).limit(1);
    const [after] = await ctx.db.select().from(aliasMoves).where(and(cond, gt(aliasMoves.at, ts))).orderBy(asc(aliasMoves.id)).limit(1);
    const versionIds = [before?.fromVersionId, before?.toVersionId, after?.fromVersionId, after?.toVersionId].filter((x): x is string => !!x);
    const numbers = new Map<string, number>();
    if (versionIds.length) {
      const rows = await ctx.db.select({ id: modelVersions.id, version: modelVersions.version }).from(modelVersions).where(sql`${modelVersions.id} IN ${versionIds}`);
      for (const r of rows) numbers.set(r.id, r.version);
    }
    const view = (m: typeof aliasMoves.$inferSelect): AliasMoveView => ({
      id: m.id,
      alias: m.alias,
      kind: m.kind,
      fromVersion: m.fromVersionId ? (numbers.get(m.fromVersionId) ?? null) : null,
      toVersion: m.toVersionId ? (numbers.get(m.toVersionId) ?? null) : null,
      share: m.share,
      actor: m.actorLabel,
      reason: m.reason,
      at: m.at.toISOString(),
    });
    aliasBefore = before ? view(before) : null;
    aliasAfter = after ? view(after) : null;
  }

  return {
    id: p.id,
    ts: ts.toISOString(),
    route: p.route,
    inputs: p.inputs,
    outputs: p.outputs,
    latencyMs: Number(p.latencyMs),
    requestKey: p.requestKey,
    context: p.context,
    label: p.label === null ? null : Number(p.label),
    labelReceivedAt: p.labelReceivedAt ? new Date(p.labelReceivedAt).toISOString() : null,
    model: { id: p.modelId, name: v.modelName },
    version: { id: v.id, version: v.version, source: v.source, href: `/models/${encodeURIComponent(v.modelName)}/versions/${v.version}` },
    run,
    datasetVersion,
    featureSpec,
    aliasBefore,
    aliasAfter,
  };
}
