// Fairness reports for the console: offline (from a version's latest evaluation on the golden
// set) and online (labelled traffic of a window, grouped by a sensitive attribute from the
// request's inputs or logged-only context; a bounded sample of the newest labelled rows).
import { and, desc, eq, or, sql } from 'drizzle-orm';
import { evaluations, models, modelVersions } from '@/server/db/schema';
import { capGroups, idLikeMessage, looksLikeId } from '@/server/ml/data/group-cap';
import { bootstrapIntervals } from '@/server/ml/fairness/bootstrap';
import { fairnessReport } from '@/server/ml/fairness/report';
import { DECISION_THRESHOLD } from '@/server/scoring/task-outputs';
import { requirePermission, type ServiceContext } from '../context';
import type { Task } from '@/server/ml/onnx/signature';
import { badRequest, notFound } from '../errors';
import { modelTask } from './policies';

export const ONLINE_FAIRNESS_SAMPLE = 50_000;

/**
 * A version's offline report: from its latest succeeded evaluation on the golden set, whether it
 * was the candidate or the incumbent (a promotion evaluation scores production too), on the
 * given golden set when one is asked for (comparing two versions needs the same rows).
 */
export async function offlineFairness(ctx: ServiceContext, input: { model: string; version: number; goldenDatasetVersionId?: string }) {
  requirePermission(ctx, 'console.read');
  const [v] = await ctx.db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, input.model), eq(modelVersions.version, input.version)));
  if (!v) return null;
  const [ev] = await ctx.db
    .select()
    .from(evaluations)
    .where(
      and(
        or(eq(evaluations.candidateVersionId, v.id), eq(evaluations.incumbentVersionId, v.id)),
        eq(evaluations.status, 'succeeded'),
        input.goldenDatasetVersionId ? eq(evaluations.goldenDatasetVersionId, input.goldenDatasetVersionId) : undefined,
      ),
    )
    .orderBy(desc(evaluations.createdAt))
    .limit(1);
  if (!ev) return null;
  type Side = { fairness: Record<string, unknown>; metrics: unknown };
  // A binary result has no `task` key (its shape predates tasks).
  const result = ev.result as { task?: Task; rows: number; candidate: Side; incumbent: Side | null };
  const side = ev.candidateVersionId === v.id ? result.candidate : result.incumbent;
  if (!side) return null;
  return { evaluationId: ev.id, task: result.task ?? ('binary' as const), role: ev.candidateVersionId === v.id ? ('candidate' as const) : ('incumbent' as const), goldenDatasetVersionId: ev.goldenDatasetVersionId, at: ev.finishedAt, rows: result.rows, metrics: side.metrics, fairness: side.fairness };
}

export async function onlineFairness(ctx: ServiceContext, input: { model: string; version?: number; attribute: string; windowMinutes: number }) {
  requirePermission(ctx, 'console.read');
  const [m] = await ctx.db.select().from(models).where(eq(models.name, input.model));
  if (!m) throw notFound(`model '${input.model}'`);
  // Labelled traffic is grouped with a binary report (score and 0/1 label); a multiclass or
  // regression model's groups are reported offline, on the golden set.
  const task = await modelTask(ctx.db, m.id);
  if (task !== 'binary') throw badRequest(`online fairness by group covers binary models; '${input.model}' is a ${task} model: see its offline (golden-set) report`, 'model');
  const res = await ctx.db.execute(sql`
    SELECT f.label, f.score, coalesce(p.inputs->>${input.attribute}, p.context->>${input.attribute}) AS g, v.version
    FROM prediction_feedback f
    JOIN predictions p ON p.id = f.prediction_id AND p.ts = f.prediction_ts
    JOIN model_versions v ON v.id = f.version_id
    WHERE f.model_id = ${m.id} AND f.prediction_ts > now() - make_interval(mins => ${input.windowMinutes})
      AND f.route IN ('production', 'canary') ${input.version ? sql`AND v.version = ${input.version}` : sql``}
    ORDER BY f.prediction_ts DESC LIMIT ${ONLINE_FAIRNESS_SAMPLE}`);
  const rows = res.rows as { label: number; score: number; g: string | null }[];
  if (!rows.length) return { n: 0, report: null, intervals: null };
  const y = rows.map((r) => r.label);
  const p = rows.map((r) => r.score);
  // A reader picks the attribute: bound the groups (an id column would be one group per row and
  // seconds of per-group work); an id-like column is refused with a message saying so.
  const capped = capGroups(rows.map((r) => r.g));
  if (looksLikeId(capped.distinct, rows.length)) throw badRequest(idLikeMessage(input.attribute, capped.distinct, rows.length), 'attribute');
  const g = capped.groups;
  return { n: rows.length, sampleLimit: ONLINE_FAIRNESS_SAMPLE, groupsDistinct: capped.distinct, groupsPooled: capped.pooledGroups, report: fairnessReport(y, p, g, { threshold: DECISION_THRESHOLD }), intervals: bootstrapIntervals(y, p, g, { threshold: DECISION_THRESHOLD, replicates: 500, seed: 7 }) };
}
