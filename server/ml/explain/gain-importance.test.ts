import { describe, expect, it } from 'vitest';
import { parseFeatureSpec } from '../features/spec';
import { gainByInput } from './gain-importance';

// A fitted spec: a numeric input kept as is, a categorical one one-hot encoded over 3 categories,
// and a numeric one bucketized (one-hot over 3 buckets, columns named income__bucket=k).
const spec = parseFeatureSpec({
  version: 1,
  inputs: [
    { name: 'age', type: 'numeric', nullable: false },
    { name: 'color', type: 'categorical', nullable: false },
    { name: 'income', type: 'numeric', nullable: false },
    { name: 'unused', type: 'numeric', nullable: false },
  ],
  features: [
    { input: 'age', transforms: [] },
    { input: 'color', transforms: [{ op: 'one_hot', categories: ['red', 'green', 'blue'] }] },
    { input: 'income', transforms: [{ op: 'bucketize', boundaries: [10, 20] }] },
  ],
});

describe('gainByInput', () => {
  it('sums one-hot and bucket columns back onto their input, and shares add up to 1', () => {
    const gains = new Map([
      ['age', 3],
      ['color=red', 5],
      ['color=blue', 2],
      ['income__bucket=0', 1],
      ['income__bucket=2', 1],
    ]);
    const out = gainByInput(spec, gains);
    expect(out.map((i) => [i.input, i.gain, i.columns])).toEqual([
      ['color', 7, 3],
      ['age', 3, 1],
      ['income', 2, 3],
    ]);
    expect(out.reduce((s, i) => s + i.share, 0)).toBeCloseTo(1, 12);
    expect(out[0].share).toBeCloseTo(7 / 12, 12);
  });

  it('gives zero shares when no split was made, and ignores columns the spec does not name', () => {
    const out = gainByInput(spec, new Map([['stranger', 9]]));
    expect(out.every((i) => i.gain === 0 && i.share === 0)).toBe(true);
  });
});
