import { describe, expect, it } from 'vitest';
import { allowedCategories, parseFeatureSpec, SpecError, SPEC_LIMITS } from './spec';
import { canonicalJson, specSha256 } from './hash';

const ok = {
  version: 1,
  inputs: [
    { name: 'age', type: 'numeric', nullable: true, range: { min: 0, max: 130 } },
    { name: 'region', type: 'categorical', nullable: false },
  ],
  features: [
    { input: 'age', transforms: [{ op: 'impute', strategy: 'median' }, { op: 'log1p' }, { op: 'standardize' }] },
    { input: 'region', transforms: [{ op: 'one_hot' }] },
  ],
};

function withChange(mut: (s: any) => void): unknown {
  const s = structuredClone(ok);
  mut(s);
  return s;
}

describe('parseFeatureSpec', () => {
  it('accepts a valid spec', () => {
    expect(parseFeatureSpec(ok).features).toHaveLength(2);
  });

  it.each([
    [(s: any) => (s.features[0].transforms[0].strategy = 'mode'), /features\[0\]\.transforms\[0\]\.strategy/],
    [(s: any) => (s.inputs[1].type = 'text'), /inputs\[1\]\.type/],
    [(s: any) => (s.inputs[0].extra = 1), /inputs\[0\].*extra/],
    [(s: any) => (s.version = 2), /version/],
    [(s: any) => (s.features[0].transforms[2].std = -1), /features\[0\]\.transforms\[2\]\.std/],
    [(s: any) => (s.features[1].input = 'nope'), /features\[1\]\.input: no input named 'nope'/],
    [(s: any) => s.features[0].transforms.shift(), /features\[0\]\.transforms\[0\]: input 'age' is nullable/],
    [(s: any) => s.features[0].transforms.push({ op: 'impute', strategy: 'mean' }), /transforms\[3\]\.op: impute must be the first/],
    [(s: any) => (s.features[0].transforms[0] = { op: 'impute', strategy: 'constant' }), /transforms\[0\]\.value: required/],
    [(s: any) => s.features[0].transforms.splice(1, 0, { op: 'bucketize', boundaries: [1] }), /bucketize must be the last/],
    [(s: any) => s.features[0].transforms.push({ op: 'bucketize', boundaries: [2, 1] }), /boundaries: must be strictly increasing/],
    [(s: any) => s.features[0].transforms.push({ op: 'clip' }), /transforms\[3\]: give min, max or both/],
    [(s: any) => (s.features[1].transforms = [{ op: 'standardize' }]), /features\[1\]\.transforms: categorical input 'region'/],
    [(s: any) => s.features[0].transforms.push({ op: 'one_hot' }), /one_hot applies to categorical/],
    [(s: any) => s.inputs.push({ name: 'age', type: 'numeric', nullable: false }), /inputs\[2\]\.name: duplicate input 'age'/],
    [(s: any) => s.features.push({ input: 'region', transforms: [{ op: 'one_hot' }] }), /features\[2\]\.name: duplicate feature name 'region'/],
  ])('names the offending field (%#)', (mut, re) => {
    expect(() => parseFeatureSpec(withChange(mut))).toThrow(SpecError);
    expect(() => parseFeatureSpec(withChange(mut))).toThrow(re);
  });
});

describe('spec hash', () => {
  it('is the SHA-256 of canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 0.1, c: 'x' }], u: undefined })).toBe('{"a":[1,{"c":"x","d":0.1}],"b":1}');
    const a = specSha256({ x: 1, y: 2 });
    expect(a).toBe(specSha256({ y: 2, x: 1 }));
    expect(a).not.toBe(specSha256({ x: 1, y: 3 }));
    // Independent value: sha256 of the 13 bytes {"x":1,"y":2} (computed with `printf '%s' '{"x":1,"y":2}' | sha256sum`).
    expect(a).toBe('689a8f1db95402580476e38c264278ce7b1e664320cfb4e9ae8d3a908cf09964');
  });
});

describe('feature spec size limits', () => {
  const many = (n: number, f: (i: number) => unknown = (i) => `c${i}`) => Array.from({ length: n }, (_, i) => f(i));
  it.each([
    ['input categories', (s: any) => (s.inputs[1].categories = many(SPEC_LIMITS.maxCategories + 1)), /inputs\[1\]\.categories: at most 10000 categories/],
    ['one_hot categories', (s: any) => (s.features[1].transforms[0].categories = many(SPEC_LIMITS.maxCategories + 1)), /features\[1\]\.transforms\[0\]\.categories: at most 10000 categories/],
    ['max_categories', (s: any) => (s.features[1].transforms[0].max_categories = 1e9), /features\[1\]\.transforms\[0\]\.max_categories: at most 10000/],
    ['bucket boundaries', (s: any) => s.features[0].transforms.push({ op: 'bucketize', boundaries: many(SPEC_LIMITS.maxBoundaries + 1, (i) => i) }), /features\[0\]\.transforms\[3\]\.boundaries: at most 1000 boundaries/],
    ['inputs', (s: any) => (s.inputs = many(SPEC_LIMITS.maxInputs + 1, (i) => ({ name: `x${i}`, type: 'numeric', nullable: false }))), /inputs: at most 1000 inputs/],
    ['features', (s: any) => (s.features = many(SPEC_LIMITS.maxFeatures + 1, () => ({ input: 'region', transforms: [{ op: 'one_hot' }] }))), /features: at most 1000 features/],
    ['transforms', (s: any) => (s.features[0].transforms = many(SPEC_LIMITS.maxTransforms + 1, () => ({ op: 'log1p' }))), /features\[0\]\.transforms: at most 10 transforms/],
    ['an input name', (s: any) => (s.inputs[0].name = 'a'.repeat(SPEC_LIMITS.maxNameLength + 1)), /inputs\[0\]\.name: at most 200 characters/],
    ['a feature name', (s: any) => (s.features[0].name = 'f'.repeat(SPEC_LIMITS.maxNameLength + 1)), /features\[0\]\.name: at most 200 characters/],
    ['a category', (s: any) => (s.inputs[1].categories = ['x'.repeat(SPEC_LIMITS.maxCategoryLength + 1)]), /inputs\[1\]\.categories\[0\]: at most 1000 characters/],
  ])('refuses too many or too long %s, naming the field', (_what, mut, re) => {
    expect(() => parseFeatureSpec(withChange(mut))).toThrow(re);
  });

  it('accepts lists at the limits', () => {
    const s = withChange((s: any) => {
      s.inputs[1].categories = many(SPEC_LIMITS.maxCategories);
      s.features[0].transforms.push({ op: 'bucketize', boundaries: many(SPEC_LIMITS.maxBoundaries, (i) => i) });
    });
    expect(() => parseFeatureSpec(s)).not.toThrow();
  });

  it('checks allowed categories with a set built once per parsed input', () => {
    const spec = parseFeatureSpec(withChange((s: any) => (s.inputs[1].categories = many(SPEC_LIMITS.maxCategories))));
    const input = spec.inputs[1];
    const set = allowedCategories(input)!;
    expect(set).toBeInstanceOf(Set);
    expect(allowedCategories(input)).toBe(set);
    expect(set.has('c9999')).toBe(true);
    expect(set.has('c10000')).toBe(false);
    expect(allowedCategories(spec.inputs[0])).toBeNull();
  });
});
