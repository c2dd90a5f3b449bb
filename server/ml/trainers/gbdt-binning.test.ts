// binFeatures (blocked column extraction, fused radix passes, cuts walked on runs of the sorted
// column) against the definition: per column, fround, drop NaN, native sort, distinct values and
// counts, greedy quantile cuts, binOf.
import { describe, expect, it } from 'vitest';
import { binFeatures, binOf, cutBetween } from './gbdt-binning';
import { mulberry32 } from './gbdt-rng';

/** The cuts as first written: arrays of distinct values and their counts. */
function referenceCuts(sorted: number[], maxBins: number): number[] {
  const vals: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (vals.length > 0 && vals[vals.length - 1] === v) counts[counts.length - 1]++;
    else {
      vals.push(v);
      counts.push(1);
    }
  }
  const n = sorted.length;
  const cuts: number[] = [];
  if (vals.length <= maxBins) {
    for (let k = 0; k + 1 < vals.length; k++) cuts.push(cutBetween(vals[k], vals[k + 1]));
    return cuts;
  }
  let cum = 0;
  let j = 1;
  for (let k = 0; k + 1 < vals.length && cuts.length < maxBins - 1; k++) {
    cum += counts[k];
    if (cum >= (j * n) / maxBins) {
      cuts.push(cutBetween(vals[k], vals[k + 1]));
      while (j < maxBins && cum >= (j * n) / maxBins) j++;
    }
  }
  return cuts;
}

/** Missing, infinite, signed-zero, heavily tied and wide-ranging values, by column. */
function hostile(n: number, d: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  const v = new Float64Array(n * d);
  for (let i = 0; i < v.length; i++) {
    const u = r();
    const f = i % d;
    v[i] =
      f % 4 === 0 ? Math.floor(u * 7) // few distinct values
      : u < 0.05 ? Number.NaN
      : u < 0.07 ? Infinity
      : u < 0.09 ? -Infinity
      : u < 0.12 ? -0
      : u < 0.2 ? 0
      : (r() - 0.3) * 10 ** (r() * 8 - 2);
  }
  return v;
}

describe('binFeatures', () => {
  for (const [n, d, maxBins] of [
    [3000, 13, 255],
    [2000, 17, 16],
    [700, 1, 4],
    [5, 9, 2],
    [1, 3, 255],
  ] as const) {
    it(`matches the definition on ${n} × ${d}, max_bins ${maxBins}`, () => {
      const values = hostile(n, d, n + d);
      const fb = binFeatures(values, n, d, maxBins);
      for (let f = 0; f < d; f++) {
        const col = Array.from({ length: n }, (_, i) => Math.fround(values[i * d + f]));
        const sorted = col.filter((x) => x === x).sort((a, b) => a - b).map((x) => (x === 0 ? 0 : x));
        const cuts = referenceCuts(sorted, maxBins);
        expect(Array.from(fb.cuts[f])).toEqual(cuts);
        for (let i = 0; i < n; i++) expect(fb.bins[i * d + f]).toBe(binOf(fb.cuts[f], col[i]));
      }
    });
  }
});
