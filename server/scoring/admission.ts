// What input a version admits, in one place: serving's JSON rows (server/serving/input-validation.ts,
// used by batch scoring, evaluations and reference profiles through score-rows.ts) and `vigil
// predict`'s CSV cells both ask `cellProblem` about each value. The checks come from the
// signature (the graph's input types) and the feature spec (nullability, ranges, categories),
// worked out once per signature.
import { allowedCategories, encodedCategories } from '@/server/ml/features/spec';
import type { ModelSignature } from '@/server/ml/onnx/signature';

export type AdmissionReason = 'wrong_type' | 'missing_field' | 'not_finite' | 'out_of_range' | 'unknown_category';

export interface CellProblem {
  message: string;
  reason: AdmissionReason;
}

/** One model input's checks, worked out once per signature instead of once per cell. */
export interface InputPlan {
  name: string;
  numeric: boolean;
  /** An int64 graph input: a number must be a safe integer (it is fed as one, never truncated). */
  integer: boolean;
  nullable: boolean;
  min: number;
  max: number;
  rangeText: string;
  /** Allowed categories (the spec's), or null when any string goes. */
  allowed: ReadonlySet<string> | null;
  /** Categories the model saw in training, or null when not one-hot encoded. */
  seen: ReadonlySet<string> | null;
}

export interface AdmissionPlan {
  inputs: InputPlan[];
  known: Set<string>;
  knownText: string;
}

const plans = new WeakMap<ModelSignature, AdmissionPlan>();

/** The signature's validation plan, built on the first request a loaded version gets. */
export function admissionPlan(sig: ModelSignature & { inputs: { kind: 'columns' } }): AdmissionPlan {
  let plan = plans.get(sig);
  if (plan) return plan;
  const encoded = sig.spec ? encodedCategories(sig.spec) : null;
  const inputs = sig.inputs.inputs.map((inp): InputPlan => {
    const range = inp.spec.type === 'numeric' ? inp.spec.range : undefined;
    return {
      name: inp.name,
      numeric: inp.elem !== 'string',
      integer: inp.elem === 'int64',
      nullable: !!inp.spec.nullable,
      min: range?.min ?? -Infinity,
      max: range?.max ?? Infinity,
      rangeText: `[${range?.min ?? '-∞'}, ${range?.max ?? '∞'}]`,
      allowed: inp.elem === 'string' ? allowedCategories(inp.spec) : null,
      seen: inp.elem === 'string' ? (encoded?.get(inp.name) ?? null) : null,
    };
  });
  const known = new Set(inputs.map((i) => i.name));
  plan = { inputs, known, knownText: [...known].join(', ') };
  plans.set(sig, plan);
  return plan;
}

/**
 * Why `v` (a JSON value; undefined or null = missing) cannot be given to the input, or null when
 * it can. Allocates only for a problem: this runs for every cell of every request.
 */
export function cellProblem(inp: InputPlan, v: unknown): CellProblem | null {
  if (v === undefined || v === null) {
    if (inp.nullable) return null;
    return { message: v === undefined ? 'missing required field' : 'is null but the field is not nullable', reason: 'missing_field' };
  }
  if (inp.numeric) {
    if (typeof v !== 'number') return { message: `expected a number, got ${typeof v === 'string' ? `the string "${v.slice(0, 40)}"` : typeof v}`, reason: 'wrong_type' };
    if (!Number.isFinite(v)) return { message: 'must be a finite number (NaN and Infinity are not allowed)', reason: 'not_finite' };
    if (v < inp.min || v > inp.max) return { message: `${v} is outside the allowed range ${inp.rangeText}`, reason: 'out_of_range' };
    if (inp.integer && !Number.isSafeInteger(v)) return { message: `expected an integer, got ${v}`, reason: 'wrong_type' };
    return null;
  }
  if (typeof v !== 'string') return { message: `expected a string, got ${typeof v}`, reason: 'wrong_type' };
  if (v === '') return { message: 'empty string: send null for a missing value', reason: 'wrong_type' };
  if (inp.allowed && !inp.allowed.has(v)) return { message: `"${v.slice(0, 40)}" is not an allowed category`, reason: 'unknown_category' };
  return null;
}
