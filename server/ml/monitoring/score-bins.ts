// Scores (probabilities) are rolled up into 20 equal-width bins over [0, 1].
export const SCORE_BINS = 20;

export function scoreBin(p: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return SCORE_BINS - 1;
  return Math.min(SCORE_BINS - 1, Math.floor(p * SCORE_BINS));
}

export const scoreBinEdges = (): number[] => Array.from({ length: SCORE_BINS + 1 }, (_, i) => i / SCORE_BINS);
