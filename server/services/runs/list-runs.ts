// The runs table: every run across experiments, one page at a time, sorted by a whitelisted key
// and filtered by status, trainer, experiment and name. Metrics are the headline numbers only.
import { and, count, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { experiments, RUN_STATUSES, runs } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { containsPattern, filterText, orderFor, pageParams, type Page } from '../lists/list-query';

export const RUN_SORT_KEYS = ['createdAt', 'finishedAt', 'name', 'status', 'trainer', 'experiment', 'validationAuc'] as const;
export type RunSortKey = (typeof RUN_SORT_KEYS)[number];

export const listRunsInput = z
  .object({
    ...pageParams(RUN_SORT_KEYS, { sort: 'createdAt', dir: 'desc' }),
    status: z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length).optional(),
    trainer: filterText.optional(),
    /** Experiment name contains this (case-insensitive). */
    experiment: filterText.optional(),
    /** Run name contains this (case-insensitive). */
    q: filterText.optional(),
  })
  .strict();
export type ListRunsInput = z.input<typeof listRunsInput>;

const validationAuc = sql<number | null>`(${runs.metrics}->'validation'->'metrics'->>'auc')::float8`;

const SORT_EXPR: Record<RunSortKey, SQL | typeof runs.createdAt | typeof runs.name> = {
  createdAt: runs.createdAt,
  finishedAt: sql`${runs.finishedAt}`,
  name: sql`lower(${runs.name})`,
  status: sql`${runs.status}`,
  trainer: sql`${runs.trainer}`,
  experiment: sql`lower(${experiments.name})`,
  validationAuc,
};

export async function listRuns(ctx: ServiceContext, input: ListRunsInput) {
  requirePermission(ctx, 'console.read');
  const q = listRunsInput.parse(input);
  const where: SQL[] = [];
  if (q.status?.length) where.push(inArray(runs.status, q.status));
  if (q.trainer) where.push(eq(runs.trainer, q.trainer));
  if (q.experiment) where.push(like(sql`lower(${experiments.name})`, containsPattern(q.experiment)));
  if (q.q) where.push(like(sql`lower(${runs.name})`, containsPattern(q.q)));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({
        id: runs.id,
        name: runs.name,
        status: runs.status,
        trainer: runs.trainer,
        seed: runs.seed,
        progress: runs.progress,
        createdAt: runs.createdAt,
        finishedAt: runs.finishedAt,
        experimentId: experiments.id,
        experiment: experiments.name,
        validationAuc,
        validationLogLoss: sql<number | null>`(${runs.metrics}->'validation'->'metrics'->>'log_loss')::float8`,
      })
      .from(runs)
      .innerJoin(experiments, eq(experiments.id, runs.experimentId))
      .where(cond)
      .orderBy(...orderFor(SORT_EXPR[q.sort], q.dir, runs.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(runs).innerJoin(experiments, eq(experiments.id, runs.experimentId)).where(cond),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit } satisfies Page<(typeof rows)[number]>;
}
