import { describe, expect, it } from 'vitest';
import { sparklineBuckets } from './sparkline';

const B = 300_000; // five minutes

describe('sparklineBuckets', () => {
  it('ends with the bucket holding now, fills gaps with 0 and drops rows outside the range', () => {
    const now = 1000 * B + 42_000;
    const rows = [
      { bucket: 1000, predictions: 7 },
      { bucket: 998, predictions: 3 },
      { bucket: 998, predictions: 2 },
      { bucket: 996, predictions: 99 }, // one before the first of 4 buckets
      { bucket: 1001, predictions: 50 }, // after now (clock skew)
    ];
    expect(sparklineBuckets(rows, now, B, 4)).toEqual([0, 5, 0, 7]);
  });

  it('is all zeros without traffic', () => {
    expect(sparklineBuckets([], 5 * B, B, 3)).toEqual([0, 0, 0]);
  });
});
