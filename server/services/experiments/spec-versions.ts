// The fitted feature specs an experiment's runs used, newest first, each with the runs that used
// it: the spec versions the experiment page lists and diffs (components/features/spec-diff.ts).
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { experiments, featureSpecs, runs } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

export const experimentSpecsInput = z.object({ id: z.string().uuid() });

/** Versions listed; an experiment with more distinct specs shows the newest. */
export const SPEC_VERSIONS_SHOWN = 50;

export async function experimentSpecVersions(ctx: ServiceContext, input: z.input<typeof experimentSpecsInput>) {
  requirePermission(ctx, 'console.read');
  const { id } = experimentSpecsInput.parse(input);
  const [exp] = await ctx.db.select({ id: experiments.id }).from(experiments).where(eq(experiments.id, id));
  if (!exp) throw notFound('experiment');
  const rows = await ctx.db
    .select({
      id: featureSpecs.id,
      sha256: featureSpecs.sha256,
      spec: featureSpecs.spec,
      createdAt: featureSpecs.createdAt,
      // The newest few runs per spec by name, for the list; the count is exact.
      runNames: sql<string[]>`(array_agg(${runs.name} ORDER BY ${runs.createdAt} DESC))[1:5]`,
      runCount: sql<number>`count(*)::int`,
    })
    .from(runs)
    .innerJoin(featureSpecs, eq(featureSpecs.id, runs.featureSpecId))
    .where(eq(runs.experimentId, exp.id))
    .groupBy(featureSpecs.id)
    .orderBy(desc(sql`max(${runs.createdAt})`))
    .limit(SPEC_VERSIONS_SHOWN);
  return rows;
}
