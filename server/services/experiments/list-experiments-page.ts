// The experiments table: one page of experiments with run counts, sorted by a whitelisted key
// and filtered by name (the new-run form's picker uses experiments.pick).
import { count, eq, like, max, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { experiments, runs } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { containsPattern, filterText, orderFor, pageParams } from '../lists/list-query';

export const EXPERIMENT_SORT_KEYS = ['createdAt', 'name', 'runs', 'lastRunAt'] as const;
export type ExperimentSortKey = (typeof EXPERIMENT_SORT_KEYS)[number];

export const listExperimentsPageInput = z.object({ ...pageParams(EXPERIMENT_SORT_KEYS, { sort: 'createdAt', dir: 'desc' }), q: filterText.optional() }).strict();

export async function listExperimentsPage(ctx: ServiceContext, input: z.input<typeof listExperimentsPageInput>) {
  requirePermission(ctx, 'console.read');
  const q = listExperimentsPageInput.parse(input);
  const cond = q.q ? like(sql`lower(${experiments.name})`, containsPattern(q.q)) : undefined;
  const runCount = sql<number>`count(${runs.id})::int`;
  const lastRunAt = max(runs.createdAt);
  const sortBy: Record<ExperimentSortKey, SQL | typeof experiments.createdAt> = { createdAt: experiments.createdAt, name: sql`lower(${experiments.name})`, runs: runCount, lastRunAt: sql`${lastRunAt}` };
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ id: experiments.id, name: experiments.name, description: experiments.description, createdAt: experiments.createdAt, runs: runCount, lastRunAt })
      .from(experiments)
      .leftJoin(runs, eq(runs.experimentId, experiments.id))
      .where(cond)
      .groupBy(experiments.id)
      .orderBy(...orderFor(sortBy[q.sort], q.dir, experiments.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(experiments).where(cond),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit };
}
