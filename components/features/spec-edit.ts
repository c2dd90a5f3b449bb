// Pure helpers behind the feature spec editor (./spec-editor.tsx): edits of a draft spec, each
// returning a new object, and validation with the same parser training uses (parseFeatureSpec),
// so what the form accepts is what the server accepts. A draft may hold a number field as the
// text typed (e.g. "1e"), which the parser then refuses naming that field.
import { parseFeatureSpec, SpecError, type FeatureSpec, type TransformSpec } from '@/server/ml/features/spec';

/** A spec being edited: the parsed shape, though a field may be wrong until validated. */
export type DraftSpec = FeatureSpec;
export type TransformOp = TransformSpec['op'];

export const NUMERIC_OPS: TransformOp[] = ['impute', 'clip', 'log1p', 'standardize', 'bucketize'];

/** A new transform with what it needs to be valid (clip gets an open range the user fills). */
export function newTransform(op: TransformOp): TransformSpec {
  switch (op) {
    case 'impute':
      return { op, strategy: 'median' };
    case 'clip':
      return { op, min: 0 };
    case 'log1p':
      return { op };
    case 'standardize':
      return { op };
    case 'bucketize':
      return { op, n_buckets: 4 };
    case 'one_hot':
      return { op, max_categories: 50 };
  }
}

/** The spec a run derives when none is given, for the picked columns (same rules as training). */
export function seedSpec(columns: readonly { name: string; type: 'numeric' | 'categorical'; nullable: boolean }[]): DraftSpec {
  const spec: DraftSpec = { version: 1, inputs: [], features: [] };
  for (const c of columns) {
    spec.inputs.push({ name: c.name, type: c.type, nullable: c.nullable });
    spec.features.push({ input: c.name, transforms: defaultTransforms(c.type, c.nullable) });
  }
  return spec;
}

export function defaultTransforms(type: 'numeric' | 'categorical', nullable: boolean): TransformSpec[] {
  if (type === 'categorical') return [newTransform('one_hot')];
  return [...(nullable ? [newTransform('impute')] : []), newTransform('standardize')];
}

function mapFeature(spec: DraftSpec, fi: number, f: (t: TransformSpec[]) => TransformSpec[]): DraftSpec {
  return { ...spec, features: spec.features.map((feat, i) => (i === fi ? { ...feat, transforms: f(feat.transforms) } : feat)) };
}

export function addTransform(spec: DraftSpec, fi: number, op: TransformOp): DraftSpec {
  return mapFeature(spec, fi, (ts) => [...ts, newTransform(op)]);
}

export function removeTransform(spec: DraftSpec, fi: number, ti: number): DraftSpec {
  return mapFeature(spec, fi, (ts) => ts.filter((_, i) => i !== ti));
}

/** Moves transform `ti` by `by` places (−1 up, +1 down); out of range is a no-op. */
export function moveTransform(spec: DraftSpec, fi: number, ti: number, by: number): DraftSpec {
  const to = ti + by;
  return mapFeature(spec, fi, (ts) => {
    if (to < 0 || to >= ts.length) return ts;
    const out = [...ts];
    [out[ti], out[to]] = [out[to], out[ti]];
    return out;
  });
}

export function setTransform(spec: DraftSpec, fi: number, ti: number, t: TransformSpec): DraftSpec {
  return mapFeature(spec, fi, (ts) => ts.map((x, i) => (i === ti ? t : x)));
}

/** Changes an input; a rename follows into the features that read it, a type change resets their transforms. */
export function setInput(spec: DraftSpec, ii: number, patch: { name?: string; type?: 'numeric' | 'categorical'; nullable?: boolean }): DraftSpec {
  const old = spec.inputs[ii];
  const next = { ...old, ...patch } as DraftSpec['inputs'][number];
  if (patch.type && patch.type !== old.type) {
    // Type-specific fields (range, categories) do not carry over.
    for (const k of ['range', 'categories'] as const) delete (next as Record<string, unknown>)[k];
  }
  return {
    ...spec,
    inputs: spec.inputs.map((x, i) => (i === ii ? next : x)),
    features: spec.features.map((f) => {
      if (f.input !== old.name) return f;
      const renamed = { ...f, input: next.name };
      return patch.type && patch.type !== old.type ? { ...renamed, transforms: defaultTransforms(next.type, next.nullable) } : renamed;
    }),
  };
}

export function addInput(spec: DraftSpec, name: string): DraftSpec {
  return { ...spec, inputs: [...spec.inputs, { name, type: 'numeric', nullable: false }], features: [...spec.features, { input: name, transforms: defaultTransforms('numeric', false) }] };
}

/** Removes an input and the features that read it. */
export function removeInput(spec: DraftSpec, ii: number): DraftSpec {
  const name = spec.inputs[ii]?.name;
  return { ...spec, inputs: spec.inputs.filter((_, i) => i !== ii), features: spec.features.filter((f) => f.input !== name) };
}

/**
 * A number box's text as a field value: empty → undefined (left to fitting), a finite decimal →
 * the number, anything else → the text itself, so validation names the field instead of the
 * box silently dropping what was typed.
 */
export function numberField(text: string): number | string | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const n = Number(s);
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && Number.isFinite(n) ? n : text;
}

/** A comma-separated list of numbers (bucket boundaries) the same way: each entry a number or its text. */
export function numberListField(text: string): (number | string)[] | undefined {
  if (!text.trim()) return undefined;
  return text.split(',').map((p) => numberField(p) ?? p);
}

export type Validation = { ok: true; spec: FeatureSpec } | { ok: false; field: string; message: string };

/** Validates with the server's parser; the error's field is its path, e.g. `features[0].transforms[1]`. */
export function validateDraft(draft: unknown): Validation {
  try {
    return { ok: true, spec: parseFeatureSpec(draft) };
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    const msg = e.message.replace(/^feature spec: /, '');
    const m = /^([A-Za-z_][\w.[\]]*|\(root\)): (.*)$/s.exec(msg);
    return m ? { ok: false, field: m[1], message: m[2] } : { ok: false, field: '(root)', message: msg };
  }
}

export type JsonParse = { ok: true; draft: DraftSpec } | { ok: false; message: string };

/** The JSON tab's text: a parse error keeps the object view as it was; a parsed object becomes the draft. */
export function parseDraftJson(text: string): JsonParse {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${(e as Error).message}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, message: 'a feature spec is a JSON object, e.g. {"version": 1, "inputs": [...], "features": [...]}' };
  const o = v as Partial<DraftSpec>;
  // The object view needs the two lists; the rest is for the validator to judge.
  if (!Array.isArray(o.inputs) || !Array.isArray(o.features)) return { ok: false, message: 'a feature spec needs "inputs" and "features" lists' };
  // Rows the object view can draw: objects, each feature with a list of transform objects.
  const isObj = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
  const badInput = o.inputs.findIndex((i) => !isObj(i));
  if (badInput >= 0) return { ok: false, message: `inputs[${badInput}] must be an object` };
  for (const [fi, f] of (o.features as unknown[]).entries()) {
    if (!isObj(f)) return { ok: false, message: `features[${fi}] must be an object` };
    const ts = (f as { transforms?: unknown }).transforms;
    if (!Array.isArray(ts)) return { ok: false, message: `features[${fi}].transforms must be a list` };
    const bad = ts.findIndex((t) => !isObj(t));
    if (bad >= 0) return { ok: false, message: `features[${fi}].transforms[${bad}] must be an object` };
  }
  return { ok: true, draft: v as DraftSpec };
}

/** The DOM id of a field's control, for aria-describedby: `spec-features-0-transforms-1`. */
export function fieldDomId(field: string): string {
  return 'spec-' + field.replace(/[[\].]+/g, '-').replace(/-+$/, '');
}

/** Another feature from an existing input (e.g. x1 standardized and x1 bucketized), with its type's default transforms. */
export function addFeature(spec: DraftSpec, input: string): DraftSpec {
  const inp = spec.inputs.find((i) => i.name === input);
  return { ...spec, features: [...spec.features, { input, transforms: defaultTransforms(inp?.type ?? 'numeric', inp?.nullable ?? false) }] };
}

export function removeFeature(spec: DraftSpec, fi: number): DraftSpec {
  return { ...spec, features: spec.features.filter((_, i) => i !== fi) };
}

/** A feature's output name; empty = derived from its input and transforms. */
export function setFeatureName(spec: DraftSpec, fi: number, name: string): DraftSpec {
  return {
    ...spec,
    features: spec.features.map((f, i) => {
      if (i !== fi) return f;
      const { name: _old, ...rest } = f;
      return name === '' ? rest : { ...rest, name };
    }),
  };
}

/** A numeric input's allowed range bound (checked when scoring); both unset removes the range. */
export function setInputRange(spec: DraftSpec, ii: number, key: 'min' | 'max', value: number | string | undefined): DraftSpec {
  return {
    ...spec,
    inputs: spec.inputs.map((inp, i) => {
      if (i !== ii || inp.type !== 'numeric') return inp;
      const range: Record<string, unknown> = { ...inp.range, [key]: value };
      if (value === undefined) delete range[key];
      const { range: _old, ...rest } = inp;
      return Object.keys(range).length ? { ...rest, range: range as { min?: number; max?: number } } : rest;
    }),
  };
}
