import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { experiments, runs } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { startRun } from './start-run';

export const reproduceRunInput = z.object({ runId: z.string().uuid() });

/**
 * Re-runs a run from its recorded lineage (same dataset version, spec input, trainer, params
 * and seed). The new run links back, and its page shows whether the artifact hash matches.
 */
export async function reproduceRun(ctx: ServiceContext, input: z.input<typeof reproduceRunInput>) {
  requirePermission(ctx, 'training.run');
  const { runId } = reproduceRunInput.parse(input);
  const [row] = await ctx.db.select({ run: runs, experiment: experiments }).from(runs).innerJoin(experiments, eq(experiments.id, runs.experimentId)).where(eq(runs.id, runId));
  if (!row) throw notFound('run');
  const r = row.run;
  // An external run's training code is not in Vigil: there is nothing here to re-run.
  if (r.source === 'external' || !r.datasetVersionId) throw badRequest('a run trained outside Vigil cannot be reproduced here; rerun its script', 'runId');
  return startRun(ctx, {
    experiment: row.experiment.name,
    datasetVersionId: r.datasetVersionId,
    target: r.target,
    task: r.task,
    trainer: r.trainer,
    params: r.params,
    seed: r.seed,
    spec: r.inputSpec ?? undefined,
    name: `reproduce: ${r.name}`.slice(0, 120),
    reproducedFromRunId: r.id,
  });
}
