import { describe, expect, it } from 'vitest';
import { outOfTimeSplit } from './split';

describe('out-of-time split', () => {
  it('validates on the last rows, trains on the earlier ones', () => {
    const y = Uint8Array.from([0, 1, 0, 1, 1, 0, 0, 1, 0, 1]);
    expect(outOfTimeSplit(y, 0.2)).toEqual({ train: [0, 1, 2, 3, 4, 5, 6, 7], validation: [8, 9] });
    expect(outOfTimeSplit(y, 0.3).validation).toEqual([7, 8, 9]);
  });

  it('refuses when a side holds one class, or the fraction is out of range', () => {
    expect(() => outOfTimeSplit(Uint8Array.from([0, 1, 0, 1, 1, 1]), 0.34)).toThrow(/latest 34% of rows \(2 of 6\).*both classes/);
    expect(() => outOfTimeSplit(Uint8Array.from([0, 1, 0, 1]), 1)).toThrow(/fraction must be in \(0, 1\)/);
  });
});
