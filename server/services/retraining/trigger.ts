// "Retrain now" (and, later, the schedule and alert triggers): checks the guardrails of the
// enabled policy under a lock on it, records the attempt and queues its pipeline job. One
// running attempt per model is decided by the database (a partial unique index); cooldown and
// the daily maximum count every attempt, failed ones included, so a broken pipeline cannot
// loop.
import { and, count, desc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ColumnProfile } from '@/server/ml/data/profile';
import { aliases, datasetVersions, models, modelVersions, retrainAttempts, retrainPolicies, runs } from '@/server/db/schema';
import { dispatch, enqueue } from '@/server/queue/enqueue';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, conflict, isUniqueViolation, notFound, ServiceError } from '../errors';
import { inTransaction } from '../transaction';
import { retrainTaskRefusal } from './task-support';

export const triggerRetrainInput = z.object({ model: z.string().min(1).max(100), trigger: z.enum(['manual', 'schedule', 'alert']).default('manual') });

function oneAtATime(model: string) {
  return conflict(`${model} already has a retrain running: one at a time per model — wait for it to be decided`, 'model');
}

/** Labelled rows of `target` in a profiled dataset version (null: not profiled yet). */
function labelledRows(profile: unknown, target: string): number | null {
  const col = Array.isArray(profile) ? (profile as ColumnProfile[]).find((c) => c.name === target) : undefined;
  return col ? col.count : null;
}

/** `opts.dispatch: false` when the caller's transaction is still open (the worker's sweep hands the job over after commit). */
export async function triggerRetrain(ctx: ServiceContext, input: z.input<typeof triggerRetrainInput>, opts: { dispatch?: boolean } = {}) {
  const actor = requirePermission(ctx, 'retrain.propose');
  const data = triggerRetrainInput.parse(input);
  const res = await inTransaction(ctx, async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, data.model));
    if (!m) throw notFound(`model '${data.model}'`);
    const [policy] = await tx.select().from(retrainPolicies).where(eq(retrainPolicies.modelId, m.id)).for('update');
    if (!policy) throw badRequest(`${m.name} has no retraining policy: propose one on the model's Retraining tab`, 'model');
    if (policy.status !== 'enabled') throw badRequest(`${m.name}'s retraining policy is ${policy.status}: an approver or admin must enable it first`, 'model');
    const [running] = await tx.select({ id: retrainAttempts.id }).from(retrainAttempts).where(and(eq(retrainAttempts.modelId, m.id), eq(retrainAttempts.status, 'running')));
    if (running) throw oneAtATime(m.name);
    // The database's clock decides, so app servers with skewed clocks agree.
    const [last] = await tx
      .select({ leftMs: sql<number>`extract(epoch from (${retrainAttempts.createdAt} + make_interval(mins => ${policy.cooldownMinutes}) - now())) * 1000` })
      .from(retrainAttempts)
      .where(eq(retrainAttempts.modelId, m.id))
      .orderBy(desc(retrainAttempts.createdAt))
      .limit(1);
    if (last && Number(last.leftMs) > 0) {
      throw new ServiceError('TOO_MANY_REQUESTS', `${m.name} is cooling down: the last retrain started less than ${policy.cooldownMinutes} minutes ago (about ${Math.ceil(Number(last.leftMs) / 60_000)} min left)`, 'model');
    }
    const [{ n }] = await tx.select({ n: count() }).from(retrainAttempts).where(and(eq(retrainAttempts.modelId, m.id), gt(retrainAttempts.createdAt, sql`now() - interval '1 day'`)));
    if (n >= policy.maxPerDay) throw new ServiceError('TOO_MANY_REQUESTS', `${m.name} reached its maximum of ${policy.maxPerDay} retrains in 24 hours`, 'model');
    const [prod] = await tx.select().from(aliases).where(and(eq(aliases.modelId, m.id), eq(aliases.name, 'production')));
    if (!prod?.versionId) throw badRequest(`${m.name} has no production version to retrain`, 'model');
    const [inc] = await tx.select({ v: modelVersions, run: runs }).from(modelVersions).leftJoin(runs, eq(runs.id, modelVersions.runId)).where(eq(modelVersions.id, prod.versionId));
    if (inc.v.task !== 'binary') throw retrainTaskRefusal(m.name, inc.v.task);
    if (!inc.run) throw badRequest(`${m.name} v${inc.v.version} (production) was uploaded, not trained here: there is no trainer or spec to retrain with`, 'model');
    if (inc.run.source === 'external' || !inc.run.datasetVersionId) {
      throw badRequest(`${m.name} v${inc.v.version} (production) was trained outside Vigil (run ${inc.run.id.slice(0, 8)}): there is no Vigil trainer to retrain it with`, 'model');
    }
    // From predictions: the pipeline builds the data (and refuses, with its reason, on too few
    // labelled rows); what it will build is fixed now, so a later policy change does not alter it.
    let source: { datasetVersionId: string | null; labelled: number; dataLineage: unknown } = { datasetVersionId: null, labelled: 0, dataLineage: { source: 'predictions', windowDays: policy.windowDays, appendToIncumbent: policy.appendToIncumbent, includeBatch: policy.includeBatch } };
    if (policy.dataSource === 'dataset') {
      const [dv] = await tx.select().from(datasetVersions).where(eq(datasetVersions.id, policy.datasetVersionId!));
      const labelled = labelledRows(dv.profile, inc.run.target);
      if (labelled === null) throw badRequest(`the policy's dataset version has no profile of column '${inc.run.target}' yet (still profiling, or the column is missing)`, 'model');
      if (labelled < policy.minLabelledRows) throw badRequest(`the policy's dataset version has ${labelled} labelled rows of '${inc.run.target}', below the minimum of ${policy.minLabelledRows}`, 'model');
      source = { datasetVersionId: dv.id, labelled, dataLineage: null };
    }
    const [a] = await tx
      .insert(retrainAttempts)
      .values({ modelId: m.id, policyId: policy.id, trigger: data.trigger, triggeredBy: actor.kind === 'user' ? actor.id : null, datasetVersionId: source.datasetVersionId, labelledRows: source.labelled, dataLineage: source.dataLineage, incumbentVersionId: inc.v.id })
      .returning()
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'retrain_attempts_one_running_idx')) throw oneAtATime(m.name);
        throw e;
      });
    const job = await enqueue(tx, actor, 'retrain', { v: 1, attemptId: a.id }, { title: `retrain ${m.name} (${data.trigger})`, targetType: 'retrain_attempt', targetId: a.id });
    const [withJob] = await tx.update(retrainAttempts).set({ jobId: job.id }).where(eq(retrainAttempts.id, a.id)).returning();
    await writeAudit(tx, actor, { action: 'retrain.trigger', targetType: 'retrain_attempt', targetId: a.id, after: { model: m.name, trigger: data.trigger, datasetVersionId: source.datasetVersionId, dataSource: policy.dataSource, labelledRows: source.labelled, incumbent: inc.v.version } });
    return { attempt: withJob, jobId: job.id };
  });
  if (opts.dispatch !== false) await dispatch(ctx.db, [res.jobId]);
  return res.attempt;
}
