// Gain importance of a GBDT: per feature column, the total loss reduction of the splits on it
// over all trees (XGBoost's `total_gain`). Read from the trees' recorded split gains, so it costs
// nothing at training time beyond a number per node. Stored in the run summary under
// `gain:<column>` keys (the summary is a flat record of numbers).
import type { GbdtTree } from './gbdt-model';

export const GAIN_PREFIX = 'gain:';

/** Total gain per feature column; null when a tree has no recorded gains (trained before they were). */
export function totalGainByColumn(trees: readonly GbdtTree[], featureNames: readonly string[]): Record<string, number> | null {
  const total = new Float64Array(featureNames.length);
  for (const t of trees) {
    if (!t.gain) return null;
    for (let k = 0; k < t.feature.length; k++) if (t.feature[k] >= 0) total[t.feature[k]] += t.gain[k];
  }
  return Object.fromEntries(featureNames.map((name, j) => [`${GAIN_PREFIX}${name}`, total[j]]));
}

/** The `gain:<column>` entries of a run summary, back as column → total gain. */
export function gainsFromSummary(summary: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!summary || typeof summary !== 'object') return out;
  for (const [k, v] of Object.entries(summary as Record<string, unknown>)) {
    if (k.startsWith(GAIN_PREFIX) && typeof v === 'number' && Number.isFinite(v)) out.set(k.slice(GAIN_PREFIX.length), v);
  }
  return out;
}
