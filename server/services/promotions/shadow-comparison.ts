// Shadow evidence: how the candidate (scoring live traffic behind `shadow`) agrees with
// production on the same requests — share of same decisions, score correlation, distribution
// comparison — and, where labels arrived, both versions' online metrics. Shadow records carry
// the production prediction they shadow (context.shadow_of), so pairs are exact.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { binaryMetrics } from '@/server/ml/metrics';
import { SCORE_BINS, scoreBin } from '@/server/ml/monitoring/score-bins';
import { psiFromCounts } from '@/server/ml/stats/psi';

export const SHADOW_SAMPLE = 20_000;

export async function shadowComparison(db: DbOrTx, modelId: string, candidateVersionId: string, since: Date) {
  const res = await db.execute(sql`
    SELECT (s.outputs->>'score')::float8 AS shadow_score, (p.outputs->>'score')::float8 AS prod_score, f.label
    FROM predictions s
    JOIN predictions p ON p.id = (s.context->>'shadow_of')::uuid AND p.ts >= ${since.toISOString()}
    LEFT JOIN prediction_feedback f ON f.prediction_id = p.id
    WHERE s.model_id = ${modelId} AND s.version_id = ${candidateVersionId} AND s.route = 'shadow' AND s.ts >= ${since.toISOString()}
    ORDER BY s.ts DESC LIMIT ${SHADOW_SAMPLE}`);
  const rows = res.rows as { shadow_score: number; prod_score: number; label: number | null }[];
  const n = rows.length;
  if (n === 0) return { n: 0, agreement: null, correlation: null, psi: null, labelled: 0, candidate: null, production: null };
  let same = 0;
  let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  const cc = new Array(SCORE_BINS).fill(0);
  const pc = new Array(SCORE_BINS).fill(0);
  for (const r of rows) {
    if (r.shadow_score >= 0.5 === r.prod_score >= 0.5) same++;
    sx += r.shadow_score; sy += r.prod_score; sxx += r.shadow_score ** 2; syy += r.prod_score ** 2; sxy += r.shadow_score * r.prod_score;
    cc[scoreBin(r.shadow_score)]++;
    pc[scoreBin(r.prod_score)]++;
  }
  const cov = sxy / n - (sx / n) * (sy / n);
  const vx = sxx / n - (sx / n) ** 2;
  const vy = syy / n - (sy / n) ** 2;
  const labelled = rows.filter((r) => r.label !== null);
  return {
    n,
    agreement: same / n,
    correlation: vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : null,
    psi: psiFromCounts(pc, cc),
    labelled: labelled.length,
    candidate: labelled.length ? binaryMetrics(labelled.map((r) => r.label!), labelled.map((r) => r.shadow_score)) : null,
    production: labelled.length ? binaryMetrics(labelled.map((r) => r.label!), labelled.map((r) => r.prod_score)) : null,
  };
}
