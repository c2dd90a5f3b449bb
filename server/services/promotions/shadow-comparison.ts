// Shadow evidence: how the candidate (scoring live traffic behind `shadow`) agrees with
// production on the same requests — share of same decisions, score correlation, distribution
// comparison (Jensen–Shannon distance on 5 bins; PSI kept as a figure) — and, where labels arrived, both versions' online metrics. Shadow records carry
// the production prediction they shadow (context.shadow_of), so pairs are exact.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { binaryMetrics } from '@/server/ml/metrics';
import { pairedAgreement, shadowGate } from '@/server/ml/promotion/shadow-gate';
import { aliases, models, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { loadPolicy } from './policies';
import { SCORE_BINS, scoreBin } from '@/server/ml/monitoring/score-bins';
import { psiFromCounts } from '@/server/ml/stats/psi';
import { jensenShannonDistance } from '@/server/ml/stats/jensen-shannon';
import { coarseScoreBins } from './canary-analysis';

export const SHADOW_SAMPLE = 20_000;

export async function shadowComparison(db: DbOrTx, modelId: string, candidateVersionId: string, since: Date) {
  const res = await db.execute(sql`
    SELECT (s.outputs->>'score')::float8 AS shadow_score, (p.outputs->>'score')::float8 AS prod_score, f.label
    FROM predictions s
    JOIN predictions p ON p.id = (s.context->>'shadow_of')::uuid AND p.model_id = ${modelId} AND p.ts >= ${since.toISOString()}
    LEFT JOIN prediction_feedback f ON f.prediction_id = p.id
    WHERE s.model_id = ${modelId} AND s.version_id = ${candidateVersionId} AND s.route = 'shadow' AND s.ts >= ${since.toISOString()}
    ORDER BY s.ts DESC LIMIT ${SHADOW_SAMPLE}`);
  const rows = res.rows as { shadow_score: number; prod_score: number; label: number | null }[];
  const n = rows.length;
  if (n === 0) return { n: 0, agreement: null, correlation: null, psi: null, distance: null, labelled: 0, candidate: null, production: null };
  const cc = new Array(SCORE_BINS).fill(0);
  const pc = new Array(SCORE_BINS).fill(0);
  for (const r of rows) {
    cc[scoreBin(r.shadow_score)]++;
    pc[scoreBin(r.prod_score)]++;
  }
  const { agreement, correlation } = pairedAgreement(rows.map((r) => r.shadow_score), rows.map((r) => r.prod_score));
  const labelled = rows.filter((r) => r.label !== null);
  return {
    n,
    agreement,
    correlation,
    psi: psiFromCounts(pc, cc),
    distance: jensenShannonDistance(coarseScoreBins(pc), coarseScoreBins(cc)),
    labelled: labelled.length,
    candidate: labelled.length ? binaryMetrics(labelled.map((r) => r.label!), labelled.map((r) => r.shadow_score)) : null,
    production: labelled.length ? binaryMetrics(labelled.map((r) => r.label!), labelled.map((r) => r.prod_score)) : null,
  };
}

/** The model page's view while a shadow runs: the shadow version against production since the shadow was set, with the policy's verdict. */
export async function liveShadowComparison(ctx: ServiceContext, input: { model: string }) {
  requirePermission(ctx, 'console.read');
  const [m] = await ctx.db.select().from(models).where(eq(models.name, input.model));
  if (!m) throw notFound(`model '${input.model}'`);
  const [sh] = await ctx.db
    .select({ versionId: aliases.versionId, since: aliases.updatedAt, version: modelVersions.version })
    .from(aliases)
    .innerJoin(modelVersions, eq(modelVersions.id, aliases.versionId))
    .where(and(eq(aliases.modelId, m.id), eq(aliases.name, 'shadow')));
  if (!sh?.versionId) return null;
  const policy = await loadPolicy(ctx.db, m.id);
  const comparison = await shadowComparison(ctx.db, m.id, sh.versionId, sh.since);
  return { version: sh.version, since: sh.since, comparison, verdict: shadowGate(comparison, policy.shadowThresholds), thresholds: policy.shadowThresholds };
}
