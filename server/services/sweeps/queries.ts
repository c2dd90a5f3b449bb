// Reading sweeps: a sweep with its runs, each run's value of the sweep's metric, the best run
// and a status derived from the runs (the runs are the truth; nothing to keep in step).
import { asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { datasets, datasetVersions, experiments, runs, sweeps } from '@/server/db/schema';
import { bestRunId, SWEEP_METRICS, validationMetric, type SweepMetric } from '@/server/ml/sweeps/best-run';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

export type SweepStatus = 'running' | 'finished';

const settled = (s: string) => s === 'succeeded' || s === 'failed' || s === 'cancelled';

export async function getSweep(ctx: ServiceContext, input: { id: string }) {
  requirePermission(ctx, 'console.read');
  const [row] = await ctx.db
    .select({ sweep: sweeps, experiment: experiments, datasetVersion: datasetVersions, dataset: datasets })
    .from(sweeps)
    .innerJoin(experiments, eq(experiments.id, sweeps.experimentId))
    .innerJoin(datasetVersions, eq(datasetVersions.id, sweeps.datasetVersionId))
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(sweeps.id, input.id));
  if (!row) throw notFound('sweep');
  const metric = row.sweep.metric as SweepMetric;
  const list = await ctx.db
    .select({ id: runs.id, name: runs.name, status: runs.status, index: runs.sweepIndex, params: runs.params, metrics: runs.metrics, error: runs.error, progress: runs.progress, finishedAt: runs.finishedAt })
    .from(runs)
    .where(eq(runs.sweepId, row.sweep.id))
    .orderBy(asc(runs.sweepIndex));
  const results = list.map((r) => ({ id: r.id, name: r.name, status: r.status, index: r.index ?? 0, params: r.params, error: r.error, progress: r.progress, finishedAt: r.finishedAt, value: validationMetric(r.metrics, metric) }));
  const best = bestRunId(
    list.map((r) => ({ id: r.id, status: r.status, index: r.index ?? 0, metrics: r.metrics })),
    metric,
  );
  const counts = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const r of list) counts[r.status] += 1;
  const status: SweepStatus = list.every((r) => settled(r.status)) ? 'finished' : 'running';
  return {
    sweep: row.sweep,
    experiment: { id: row.experiment.id, name: row.experiment.name },
    dataset: { name: row.dataset.name, sha256: row.datasetVersion.sha256 },
    direction: SWEEP_METRICS[metric],
    status,
    counts,
    bestRunId: best,
    runs: results,
  };
}

export const listSweepsInput = z.object({ experimentId: z.string().uuid().optional(), limit: z.number().int().min(1).max(200).default(50) });

export async function listSweeps(ctx: ServiceContext, input: z.input<typeof listSweepsInput>) {
  requirePermission(ctx, 'console.read');
  const data = listSweepsInput.parse(input);
  return ctx.db
    .select({
      id: sweeps.id,
      experimentId: sweeps.experimentId,
      experiment: experiments.name,
      trainer: sweeps.trainer,
      strategy: sweeps.strategy,
      metric: sweeps.metric,
      createdAt: sweeps.createdAt,
      runs: sql<number>`(select count(*)::int from ${runs} where ${runs.sweepId} = ${sweeps.id})`,
      open: sql<number>`(select count(*)::int from ${runs} where ${runs.sweepId} = ${sweeps.id} and ${runs.status} in ('queued', 'running'))`,
    })
    .from(sweeps)
    .innerJoin(experiments, eq(experiments.id, sweeps.experimentId))
    .where(data.experimentId ? eq(sweeps.experimentId, data.experimentId) : undefined)
    .orderBy(desc(sweeps.createdAt))
    .limit(data.limit);
}
