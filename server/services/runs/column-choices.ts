// What the run form's column picker and target picker offer for a dataset version: each column
// with why it is left out by default (an identifier, high cardinality, no values, a declared
// sensitive attribute) and whether it can be a 0/1 label, from the stored profile. The same rules
// (server/ml/data/column-roles.ts) decide the derived spec in training and the checks at submit.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { datasetVersions, modelPolicies } from '@/server/db/schema';
import { binaryLabelProblem, columnFlag, profileOf, summaryFromProfile, type ColumnFlag } from '@/server/ml/data/column-roles';
import { taskTargetProblem } from '@/server/ml/data/task-target-problem';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

export const columnChoicesInput = z.object({ datasetVersionId: z.string().uuid(), experiment: z.string().max(200).optional() });

export interface ColumnChoice {
  name: string;
  type: 'numeric' | 'categorical';
  /** Why it is not a default input, or null. */
  flag: ColumnFlag | null;
  /** Declared sensitive in a model's policy: kept for fairness reports, not a default input. */
  sensitive: boolean;
  /** Why it cannot be a 0/1 label, or null (null also when the profile is not ready). */
  labelProblem: string | null;
  /** Why it cannot be a multiclass / regression target (from the profile), or null. */
  taskProblems: { multiclass: string | null; regression: string | null };
  /** Has missing values (so a spec must impute it); true while the profile is not ready. */
  nullable: boolean;
}

/**
 * The sensitive attributes declared for the models an experiment feeds: the model named like
 * the experiment (the demo's convention) and every model holding a version trained in it.
 */
export async function declaredSensitiveAttributes(db: DbOrTx, experiment: string | undefined): Promise<Set<string>> {
  if (!experiment) return new Set();
  const rows = await db
    .select({ attrs: modelPolicies.sensitiveAttributes })
    .from(modelPolicies)
    .where(
      sql`${modelPolicies.modelId} IN (
        SELECT id FROM models WHERE name = ${experiment}
        UNION SELECT mv.model_id FROM model_versions mv JOIN runs r ON r.id = mv.run_id JOIN experiments e ON e.id = r.experiment_id WHERE e.name = ${experiment})`,
    );
  return new Set(rows.flatMap((r) => r.attrs));
}

export async function columnChoices(ctx: ServiceContext, input: z.input<typeof columnChoicesInput>) {
  requirePermission(ctx, 'console.read');
  const { datasetVersionId, experiment } = columnChoicesInput.parse(input);
  const [dv] = await ctx.db.select().from(datasetVersions).where(eq(datasetVersions.id, datasetVersionId));
  if (!dv) throw notFound('dataset version');
  const sensitive = await declaredSensitiveAttributes(ctx.db, experiment?.trim());
  const columns: ColumnChoice[] = dv.schema.map((c) => {
    const p = profileOf(dv.profile, c.name);
    const summary = p ? summaryFromProfile(p) : null;
    return {
      name: c.name,
      type: c.type,
      flag: summary ? columnFlag(summary) : null,
      sensitive: sensitive.has(c.name),
      nullable: summary ? summary.count < dv.rowCount : true,
      labelProblem: summary ? binaryLabelProblem(summary) : c.type === 'numeric' ? null : `'${c.name}' is categorical; a label must hold the numbers 0 and 1`,
      taskProblems: {
        multiclass: summary ? taskTargetProblem('multiclass', summary, dv.rowCount) : null,
        regression: summary ? taskTargetProblem('regression', summary, dv.rowCount) : c.type === 'numeric' ? null : `'${c.name}' is categorical; a regression target must be a number on every row`,
      },
    };
  });
  return { profileStatus: dv.profileStatus, columns };
}
