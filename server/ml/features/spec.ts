// The feature spec: raw inputs (what a client sends) and, per feature, a pipeline of transforms.
// One definition drives both the batch transform used in training (./transform.ts) and the
// preprocessing nodes inside the exported ONNX graph (./onnx-preprocess.ts).
//
// Statistics (impute value, standardize mean/std, bucket boundaries, one-hot categories) may be
// given; those left out are fitted on the training rows (./fit.ts) and stored in the fitted spec,
// whose canonical-JSON SHA-256 is its version (./hash.ts).
//
// Semantics, shared by both paths:
//   impute       NaN → value (mean / median of the training values, or the given constant); first only
//   clip         x → min(max(x, min), max)
//   log1p        x → log(1 + x), computed as Log(Add(x, 1)) in both paths so they agree bit for bit
//   standardize  x → (x - mean) / std, std the population std (ddof 0, like sklearn's StandardScaler);
//                a zero std is stored as 1
//   bucketize    index = #{boundaries b : x >= b}, so bucket i holds [b[i-1], b[i]); output one-hot
//                over the boundaries.length + 1 buckets (default) or the index itself ('ordinal');
//                boundaries given, or fitted as n_buckets quantiles; last transform only
//   one_hot      categorical only, the sole transform: one column per category (the max_categories
//                most frequent training values, ties by code point, stored sorted by code point);
//                an unknown or missing value gives all zeros
// A nullable numeric input must be imputed (first transform) in every feature that reads it.
import { z } from 'zod';

/**
 * Caps on every list and name in a spec. A spec comes from a user (run form, CLI, an uploaded
 * model's metadata) and is checked on every predict, so its size is bounded; a spec over a cap
 * is refused with the field named.
 */
export const SPEC_LIMITS = {
  maxInputs: 1000,
  maxFeatures: 1000,
  maxTransforms: 10,
  /** Allowed categories of an input, and one_hot's categories / max_categories. */
  maxCategories: 10_000,
  maxBoundaries: 1000,
  /** Input and feature names (characters). */
  maxNameLength: 200,
  /** A category value (characters); longer training values are left out of a fitted one-hot. */
  maxCategoryLength: 1000,
};

const name = z.string().min(1).max(SPEC_LIMITS.maxNameLength, `at most ${SPEC_LIMITS.maxNameLength} characters`);
const category = z.string().min(1).max(SPEC_LIMITS.maxCategoryLength, `at most ${SPEC_LIMITS.maxCategoryLength} characters`);
const categoryList = z.array(category).max(SPEC_LIMITS.maxCategories, `at most ${SPEC_LIMITS.maxCategories} categories`);

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const NumericInput = z
  .object({
    name,
    type: z.literal('numeric'),
    nullable: z.boolean(),
    /** Allowed range, checked when scoring (a value outside is an invalid row). */
    range: z.object({ min: finite.optional(), max: finite.optional() }).strict().optional(),
  })
  .strict();

const CategoricalInput = z
  .object({
    name,
    type: z.literal('categorical'),
    nullable: z.boolean(),
    /** Allowed values, checked when scoring; absent = any string (unknown ones one-hot to zeros). */
    categories: categoryList.optional(),
  })
  .strict();

const Input = z.discriminatedUnion('type', [NumericInput, CategoricalInput]);

const Impute = z
  .object({
    op: z.literal('impute'),
    strategy: z.enum(['mean', 'median', 'constant']),
    /** Required for 'constant'; fitted for mean / median. */
    value: finite.optional(),
  })
  .strict();
const Clip = z.object({ op: z.literal('clip'), min: finite.optional(), max: finite.optional() }).strict();
const Log1p = z.object({ op: z.literal('log1p') }).strict();
const Standardize = z
  .object({ op: z.literal('standardize'), mean: finite.optional(), std: finite.positive().optional() })
  .strict();
const Bucketize = z
  .object({
    op: z.literal('bucketize'),
    boundaries: z.array(finite).min(1).max(SPEC_LIMITS.maxBoundaries, `at most ${SPEC_LIMITS.maxBoundaries} boundaries`).optional(),
    n_buckets: z.number().int().min(2).max(1000).optional(),
    encoding: z.enum(['one_hot', 'ordinal']).optional(),
  })
  .strict();
const OneHot = z
  .object({
    op: z.literal('one_hot'),
    max_categories: z.number().int().min(1).max(SPEC_LIMITS.maxCategories, `at most ${SPEC_LIMITS.maxCategories}`).optional(),
    categories: categoryList.optional(),
  })
  .strict();

const Transform = z.discriminatedUnion('op', [Impute, Clip, Log1p, Standardize, Bucketize, OneHot]);

const Feature = z
  .object({
    input: name,
    /** Output name (prefix for multi-column features); default derived from input and transforms. */
    name: name.optional(),
    transforms: z.array(Transform).max(SPEC_LIMITS.maxTransforms, `at most ${SPEC_LIMITS.maxTransforms} transforms`),
  })
  .strict();

export const FeatureSpecSchema = z
  .object({
    version: z.literal(1),
    inputs: z.array(Input).min(1).max(SPEC_LIMITS.maxInputs, `at most ${SPEC_LIMITS.maxInputs} inputs`),
    features: z.array(Feature).min(1).max(SPEC_LIMITS.maxFeatures, `at most ${SPEC_LIMITS.maxFeatures} features`),
  })
  .strict();

export type FeatureSpec = z.infer<typeof FeatureSpecSchema>;
export type InputSpec = z.infer<typeof Input>;
export type FeatureDef = z.infer<typeof Feature>;
export type TransformSpec = z.infer<typeof Transform>;

export const DEFAULT_MAX_CATEGORIES = 50;

export class SpecError extends Error {
  constructor(message: string) {
    super(`feature spec: ${message}`);
  }
}

function pathString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

/**
 * Parses and checks a spec (from JSON). Errors name the field, e.g.
 * `feature spec: features[1].transforms[0].strategy: Invalid option: expected one of ...`.
 */
export function parseFeatureSpec(json: unknown): FeatureSpec {
  const r = FeatureSpecSchema.safeParse(json);
  if (!r.success) {
    const msgs = r.error.issues.slice(0, 5).map((i) => `${pathString(i.path)}: ${i.message}`);
    throw new SpecError(msgs.join('; '));
  }
  checkSemantics(r.data);
  return r.data;
}

function checkSemantics(spec: FeatureSpec): void {
  const inputs = new Map<string, InputSpec>();
  spec.inputs.forEach((inp, i) => {
    if (inputs.has(inp.name)) throw new SpecError(`inputs[${i}].name: duplicate input '${inp.name}'`);
    inputs.set(inp.name, inp);
    if (inp.type === 'numeric' && inp.range?.min !== undefined && inp.range.max !== undefined && inp.range.min > inp.range.max) {
      throw new SpecError(`inputs[${i}].range: min ${inp.range.min} > max ${inp.range.max}`);
    }
  });
  const names = new Set<string>();
  spec.features.forEach((f, i) => {
    const at = `features[${i}]`;
    const inp = inputs.get(f.input);
    if (!inp) throw new SpecError(`${at}.input: no input named '${f.input}'`);
    const name = featureName(f);
    if (names.has(name)) throw new SpecError(`${at}.name: duplicate feature name '${name}' (set "name")`);
    names.add(name);
    if (inp.type === 'categorical') {
      if (f.transforms.length !== 1 || f.transforms[0].op !== 'one_hot') {
        throw new SpecError(`${at}.transforms: categorical input '${f.input}' takes exactly one transform, one_hot`);
      }
      return;
    }
    if (inp.nullable && f.transforms[0]?.op !== 'impute') {
      throw new SpecError(`${at}.transforms[0]: input '${f.input}' is nullable, so its first transform must be impute`);
    }
    f.transforms.forEach((t, j) => {
      const tAt = `${at}.transforms[${j}]`;
      if (t.op === 'one_hot') throw new SpecError(`${tAt}.op: one_hot applies to categorical inputs; '${f.input}' is numeric`);
      if (t.op === 'impute') {
        if (j !== 0) throw new SpecError(`${tAt}.op: impute must be the first transform`);
        if (t.strategy === 'constant' && t.value === undefined) throw new SpecError(`${tAt}.value: required for strategy 'constant'`);
      }
      if (t.op === 'clip') {
        if (t.min === undefined && t.max === undefined) throw new SpecError(`${tAt}: give min, max or both`);
        if (t.min !== undefined && t.max !== undefined && t.min > t.max) throw new SpecError(`${tAt}: min ${t.min} > max ${t.max}`);
      }
      if (t.op === 'bucketize') {
        if (j !== f.transforms.length - 1) throw new SpecError(`${tAt}.op: bucketize must be the last transform`);
        if (!t.boundaries && !t.n_buckets) throw new SpecError(`${tAt}: give boundaries or n_buckets`);
        if (t.boundaries) {
          for (let k = 1; k < t.boundaries.length; k++) {
            if (!(t.boundaries[k] > t.boundaries[k - 1])) throw new SpecError(`${tAt}.boundaries: must be strictly increasing`);
          }
        }
      }
    });
  });
}

const SHORT: Record<TransformSpec['op'], string> = {
  impute: '',
  clip: 'clip',
  log1p: 'log1p',
  standardize: 'std',
  bucketize: 'bucket',
  one_hot: '',
};

/** The feature's name: given, or the input name plus the value-changing transforms, e.g. `income__log1p__std`. */
export function featureName(f: FeatureDef): string {
  if (f.name) return f.name;
  return [f.input, ...f.transforms.map((t) => SHORT[t.op]).filter(Boolean)].join('__');
}

const categorySets = new WeakMap<InputSpec, ReadonlySet<string>>();
const encodedSets = new WeakMap<FeatureSpec, ReadonlyMap<string, ReadonlySet<string>>>();

/**
 * Per categorical input, the categories its fitted one_hot encodes (a value outside them is
 * scored as all zeros: "unseen"). Empty for a spec that is not fitted. Built once per parsed spec.
 */
export function encodedCategories(spec: FeatureSpec): ReadonlyMap<string, ReadonlySet<string>> {
  let m = encodedSets.get(spec);
  if (!m) {
    const out = new Map<string, ReadonlySet<string>>();
    for (const f of spec.features) {
      const t = f.transforms[0];
      if (t?.op === 'one_hot' && t.categories) out.set(f.input, new Set(t.categories));
    }
    encodedSets.set(spec, (m = out));
  }
  return m;
}

/**
 * An input's allowed categories as a set (null when any string is allowed), built once per parsed
 * input object: scoring checks every row's value with a lookup, not a scan of the list.
 */
export function allowedCategories(input: InputSpec): ReadonlySet<string> | null {
  if (input.type !== 'categorical' || !input.categories) return null;
  let set = categorySets.get(input);
  if (!set) categorySets.set(input, (set = new Set(input.categories)));
  return set;
}
