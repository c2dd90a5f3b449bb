import { asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { datasets, datasetVersions, experiments, featureSpecs, modelVersions, models, runs, runSteps } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

/** Run columns worth listing (metrics trimmed to the headline numbers; no curves). */
const runListColumns = {
  id: runs.id,
  name: runs.name,
  status: runs.status,
  source: runs.source,
  task: runs.task,
  trainer: runs.trainer,
  params: runs.params,
  seed: runs.seed,
  progress: runs.progress,
  artifactSha256: runs.artifactSha256,
  createdAt: runs.createdAt,
  finishedAt: runs.finishedAt,
  error: runs.error,
  datasetVersionId: runs.datasetVersionId,
  reproducedFromRunId: runs.reproducedFromRunId,
  validationAuc: sql<number | null>`(${runs.metrics}->'validation'->'metrics'->>'auc')::float8`,
  validationLogLoss: sql<number | null>`(${runs.metrics}->'validation'->'metrics'->>'log_loss')::float8`,
  trainingAuc: sql<number | null>`(${runs.metrics}->'training'->>'auc')::float8`,
  // Multiclass and regression headline numbers (null for binary runs).
  validationMacroF1: sql<number | null>`(${runs.metrics}->'validation'->'metrics'->>'macro_f1')::float8`,
  validationRmse: sql<number | null>`(${runs.metrics}->'validation'->'metrics'->>'rmse')::float8`,
};

/** The newest runs an experiment's page lists. */
export const EXPERIMENT_RUNS_SHOWN = 200;

export async function getExperiment(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  const [exp] = await ctx.db.select().from(experiments).where(eq(experiments.id, input.id));
  if (!exp) throw notFound('experiment');
  // Bounded: the page polls while a run is active; older runs are in the runs table (/runs).
  const [list, [{ total }]] = await Promise.all([
    ctx.db.select(runListColumns).from(runs).where(eq(runs.experimentId, exp.id)).orderBy(desc(runs.createdAt), desc(runs.id)).limit(EXPERIMENT_RUNS_SHOWN),
    ctx.db.select({ total: count() }).from(runs).where(eq(runs.experimentId, exp.id)),
  ]);
  return { experiment: exp, runs: list, runCount: total };
}

export async function getRun(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  const [row] = await ctx.db
    .select({ run: runs, experiment: experiments, datasetVersion: datasetVersions, dataset: datasets })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    // An external run may name no dataset version.
    .leftJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
    .leftJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(runs.id, input.id));
  if (!row) throw notFound('run');
  const steps = await ctx.db.select().from(runSteps).where(eq(runSteps.runId, row.run.id)).orderBy(asc(runSteps.phase), asc(runSteps.step));
  const spec = row.run.featureSpecId ? (await ctx.db.select().from(featureSpecs).where(eq(featureSpecs.id, row.run.featureSpecId)))[0] : null;
  const reproducedFrom = row.run.reproducedFromRunId
    ? (await ctx.db.select({ id: runs.id, name: runs.name, artifactSha256: runs.artifactSha256 }).from(runs).where(eq(runs.id, row.run.reproducedFromRunId)))[0]
    : null;
  const registeredAs = await ctx.db
    .select({ modelName: models.name, version: modelVersions.version, id: modelVersions.id })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(modelVersions.runId, row.run.id));
  return { ...row, steps, spec, reproducedFrom, registeredAs };
}

/** Runs side by side: params, metrics, curves and step metrics of each. */
export async function compareRuns(ctx: ServiceContext, input: { ids: string[] }) {
  requirePermission(ctx, 'console.read');
  if (input.ids.length === 0) return [];
  const rows = await ctx.db.select().from(runs).where(inArray(runs.id, input.ids));
  const steps = await ctx.db.select().from(runSteps).where(inArray(runSteps.runId, input.ids)).orderBy(asc(runSteps.step));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return input.ids
    .map((id) => byId.get(id))
    .filter((r): r is NonNullable<typeof r> => !!r)
    .map((r) => ({ run: r, steps: steps.filter((s) => s.runId === r.id) }));
}
