// Hyper-parameters of the histogram GBDT, validated with zod.
//
// Defaults follow XGBoost's `hist` booster where there is an equivalent (max_depth 6, eta 0.1 is
// the common tuned value, lambda 1, 256 bins) so the benchmark compares like with like. The one
// deliberate difference is min_samples_leaf = 20 (scikit-learn HistGradientBoosting's default):
// XGBoost's min_child_weight = 1 bounds the hessian sum instead, which for log-loss (h = p(1 − p)
// ≤ 0.25) means at least 4 rows and many more once p nears 0 or 1; a row count is easier to
// explain in the UI and 20 keeps leaves from chasing a handful of rows.
//
// Early stopping is on by default (20 rounds, as commonly used with XGBoost's early_stopping_rounds):
// without it a 100-tree default overfits small data sets and loses to logistic regression.
import { z } from 'zod';

export const gbdtParamsSchema = z
  .object({
    n_trees: z.number().int().min(1).max(10_000).default(100),
    max_depth: z.number().int().min(1).max(16).default(6),
    learning_rate: z.number().gt(0).max(1).default(0.1),
    min_samples_leaf: z.number().int().min(1).default(20),
    /** L2 penalty lambda on leaf values: leaf = −η·G/(H + λ). */
    l2: z.number().min(0).default(1),
    /** Bins per feature; ≤ 256 so a bin index fits in a uint8. */
    max_bins: z.number().int().min(2).max(256).default(255),
    /** Fraction of rows drawn (Bernoulli, seeded) for each tree. */
    subsample: z.number().gt(0).max(1).default(1),
    /** Fraction of features drawn (seeded) for each tree. */
    colsample: z.number().gt(0).max(1).default(1),
    /**
     * Stop once the validation loss (log-loss; squared error for regression) has not improved for
     * this many rounds and keep the best round's trees; 0 = off. Applies to the holdout fit, which
     * has validation rows; the final fit on all rows trains the rounds the holdout fit kept.
     */
    early_stopping_rounds: z.number().int().min(0).max(10_000).default(20),
  })
  // Unknown keys are an error that names them, so a typo (`n_tree`) never silently trains defaults.
  .strict();

export type GbdtParams = z.output<typeof gbdtParamsSchema>;
export type GbdtParamsInput = z.input<typeof gbdtParamsSchema>;

/** Validates user parameters; throws an Error whose message names each offending key. */
export function parseGbdtParams(raw: unknown): GbdtParams {
  const r = gbdtParamsSchema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const msg = r.error.issues
    .map((i) => {
      if (i.code === 'unrecognized_keys') return `unknown gbdt parameter(s): ${i.keys.join(', ')}`;
      const key = i.path.join('.') || '(params)';
      return `gbdt parameter ${key}: ${i.message}`;
    })
    .join('; ');
  throw new Error(msg);
}
