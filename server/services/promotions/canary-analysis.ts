// Canary analysis: the canary version against production over the current rollout step, from
// the rollups (per route) and the label table. Regression criteria (README "Promotion"):
//   error rate    canary > production + 2 points            (≥ CANARY_MIN_REQUESTS canary requests)
//   p99 latency   canary > max(2 × production, production + 50 ms)
//   predictions   Jensen–Shannon distance between the production and canary score
//                 distributions (5 bins of width 0.2) ≥ 0.2. Bounded and robust where PSI on
//                 fine bins explodes: two similar models whose scores saturate near 0 or 1 move
//                 mass between neighbouring fine bins, which PSI reads as a huge shift.
//   online AUC    canary < production − 0.05                 (≥ 50 labels on each side)
import { and, eq, gte, like, lt, notLike, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { servingRejections } from '@/server/db/schema';
import { jensenShannonDistance } from '@/server/ml/stats/jensen-shannon';
import { SCORE_BINS } from '@/server/ml/monitoring/score-bins';
import { onlinePerformance, serviceFigures } from '../monitoring/window-report';

export const CANARY_MIN_REQUESTS = 30;
export const CANARY_MIN_LABELS = 50;

export interface CanaryAnalysis {
  enoughData: boolean;
  regression: boolean;
  reasons: string[];
  canary: { predictions: number; errorRate: number | null; p99: number | null; auc: number | null; labelled: number };
  production: { predictions: number; errorRate: number | null; p99: number | null; auc: number | null; labelled: number };
  /** Jensen–Shannon distance of the score distributions (5 bins). */
  distributionDistance: number | null;
}

export const CANARY_JS_THRESHOLD = 0.2;

/** The 20 rollup score bins merged into 5 of width 0.2. */
export function coarseScoreBins(counts: number[]): number[] {
  const out = [0, 0, 0, 0, 0];
  counts.forEach((c, i) => (out[Math.floor((i * 5) / SCORE_BINS)] += c));
  return out;
}

async function rejected(db: DbOrTx, model: string, since: Date, end: Date, canary: boolean) {
  const [r] = await db
    .select({ n: sql<number>`coalesce(sum(${servingRejections.count}), 0)::int` })
    .from(servingRejections)
    .where(and(eq(servingRejections.modelName, model), gte(servingRejections.minute, new Date(Math.floor(since.getTime() / 60_000) * 60_000)), lt(servingRejections.minute, end), canary ? like(servingRejections.reason, 'canary:%') : notLike(servingRejections.reason, 'canary:%')));
  return r.n;
}

/**
 * `until` is the rollup watermark: predictions are counted from the rollups, which end there, so
 * labels, rejections and everything else are counted over the same window (labels for
 * predictions not rolled up yet would otherwise outnumber the predictions).
 */
export async function analyzeCanary(db: DbOrTx, m: { modelId: string; name: string }, canaryVersionId: string, productionVersionId: string, since: Date, until: Date | null): Promise<CanaryAnalysis> {
  // Rollups are per minute: the step's first (partial) minute counts from its start.
  const start = new Date(Math.floor(since.getTime() / 60_000) * 60_000);
  const end = until && until > start ? until : start;
  const w = { start, end, minRows: 1 };
  const c = await serviceFigures(db, m.modelId, m.name, [canaryVersionId], { ...w, routes: ['canary'] });
  const p = await serviceFigures(db, m.modelId, m.name, [productionVersionId], { ...w, routes: ['production'] });
  const cRej = await rejected(db, m.name, since, end, true);
  const pRej = await rejected(db, m.name, since, end, false);
  const cErr = c.predictions + cRej ? cRej / (c.predictions + cRej) : null;
  const pErr = p.predictions + pRej ? pRej / (p.predictions + pRej) : null;
  const cOn = await onlinePerformance(db, m.modelId, [canaryVersionId], { ...w, minRows: CANARY_MIN_LABELS, routes: ['canary'] });
  const pOn = await onlinePerformance(db, m.modelId, [productionVersionId], { ...w, minRows: CANARY_MIN_LABELS, routes: ['production'] });
  const enoughData = c.predictions + cRej >= CANARY_MIN_REQUESTS;
  const reasons: string[] = [];
  let distance: number | null = null;
  if (enoughData) {
    if (cErr !== null && pErr !== null && cErr > pErr + 0.02) reasons.push(`error rate ${(cErr * 100).toFixed(1)}% vs production ${(pErr * 100).toFixed(1)}%`);
    if (c.p99 !== null && p.p99 !== null && c.p99 > Math.max(2 * p.p99, p.p99 + 50)) reasons.push(`p99 latency ${c.p99.toFixed(1)} ms vs production ${p.p99.toFixed(1)} ms`);
    if (p.predictions >= CANARY_MIN_REQUESTS) {
      distance = jensenShannonDistance(coarseScoreBins(p.scoreCounts), coarseScoreBins(c.scoreCounts));
      if (distance >= CANARY_JS_THRESHOLD) reasons.push(`prediction distribution moved: Jensen–Shannon distance ${distance.toFixed(3)} vs production (threshold ${CANARY_JS_THRESHOLD})`);
    }
    const ca = cOn.metrics?.auc ?? null;
    const pa = pOn.metrics?.auc ?? null;
    if (ca !== null && pa !== null && ca < pa - 0.05) reasons.push(`online AUC ${ca.toFixed(3)} vs production ${pa.toFixed(3)}`);
  }
  return {
    enoughData,
    regression: reasons.length > 0,
    reasons,
    canary: { predictions: c.predictions, errorRate: cErr, p99: c.p99, auc: cOn.metrics?.auc ?? null, labelled: cOn.n },
    production: { predictions: p.predictions, errorRate: pErr, p99: p.p99, auc: pOn.metrics?.auc ?? null, labelled: pOn.n },
    distributionDistance: distance,
  };
}
