// What a training script outside Vigil may send about its run (REST API, `vigil runs …`, the
// Python client), and the bounds on it: a run row and its step metrics are read by every run
// page and compare view, so no single script may make them arbitrarily large.
import { z } from 'zod';
import { experimentNameSchema } from '../experiments/create-experiment';

// Refusals say "at most N": the REST layer answers 413 to "over the limit", which is for body sizes.
export const EXTERNAL_RUN_LIMITS = {
  /** Keys in a run's params, after merging every `params` call. */
  paramKeys: 100,
  /** The params as JSON, after merging. */
  paramBytes: 16 * 1024,
  /** Points in one `metrics` call. */
  pointsPerCall: 1000,
  /** Distinct metric names in one run. */
  metricNames: 50,
  /** Distinct steps in one run. */
  steps: 20_000,
  maxStep: 2 ** 31 - 1,
};

const metricName = z
  .string()
  .min(1, 'is required')
  .max(64)
  .regex(/^[A-Za-z0-9_./-]+$/, 'may hold letters, digits, underscore, dot, slash and dash');

/** A JSON value whose numbers are all finite (`1e999` parses to Infinity), or the path of the first that is not. */
function firstNonFinite(v: unknown, path: string): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : path;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = firstNonFinite(v[i], `${path}.${i}`);
      if (bad) return bad;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const bad = firstNonFinite(x, `${path}.${k}`);
      if (bad) return bad;
    }
  }
  return null;
}

export const paramsSchema = z
  .record(z.string().min(1, 'a param name is required').max(100, 'a param name is at most 100 characters'), z.unknown())
  .superRefine((p, ctx) => {
    const keys = Object.keys(p).length;
    if (keys > EXTERNAL_RUN_LIMITS.paramKeys) ctx.addIssue({ code: 'custom', message: `${keys} params; a run may have at most ${EXTERNAL_RUN_LIMITS.paramKeys}` });
    const bad = firstNonFinite(p, 'params');
    if (bad) ctx.addIssue({ code: 'custom', message: `${bad} is not a finite number` });
    const size = Buffer.byteLength(JSON.stringify(p));
    if (size > EXTERNAL_RUN_LIMITS.paramBytes) ctx.addIssue({ code: 'custom', message: `the params are ${size} bytes as JSON; at most ${EXTERNAL_RUN_LIMITS.paramBytes} are allowed` });
  });

export const createExternalRunInput = z.object({
  experiment: experimentNameSchema,
  name: z.string().trim().min(1).max(120).optional(),
  /** What trained it, as the script names it (e.g. "pytorch-mlp"). */
  trainer: z.string().trim().min(1).max(60).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII').default('external'),
  datasetVersionId: z.string().uuid().optional(),
  target: z.string().trim().min(1).max(200).optional(),
  /** The training code's version, typically a git commit. */
  codeVersion: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (e.g. a git commit)')
    .optional(),
  params: paramsSchema.default({}),
});

export const logParamsInput = z.object({ params: paramsSchema });

export const metricPoint = z.object({
  name: metricName,
  step: z.number().int('must be a whole number').min(0).max(EXTERNAL_RUN_LIMITS.maxStep),
  value: z.number().finite('must be a finite number'),
});

export const logMetricsInput = z.object({
  metrics: z.array(metricPoint).min(1, 'send at least one point').max(EXTERNAL_RUN_LIMITS.pointsPerCall, `at most ${EXTERNAL_RUN_LIMITS.pointsPerCall} points per call`),
  /** The script's own estimate of how far it is, 0–1 (the run page's progress bar). */
  progress: z.number().min(0).max(1).optional(),
});

export const failExternalRunInput = z.object({
  status: z.literal('failed'),
  error: z.string().trim().min(1, 'say why the run failed').max(2000),
});

/** Points grouped by step (the last value of a name at a step wins), ready to merge into run_steps. */
export function pointsByStep(points: readonly z.infer<typeof metricPoint>[]): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  for (const p of points) {
    const row = out.get(p.step) ?? {};
    row[p.name] = p.value;
    out.set(p.step, row);
  }
  return out;
}
