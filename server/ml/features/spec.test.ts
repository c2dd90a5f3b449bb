import { describe, expect, it } from 'vitest';
import { parseFeatureSpec, SpecError } from './spec';
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
