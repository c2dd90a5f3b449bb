// expNonPositive must return Math.exp's bits for every argument: the binary and softmax gradients
// are computed with it, and the trees are fitted on them (tests/reference and the bench's model
// hash were recorded with Math.exp).
import { describe, expect, it } from 'vitest';
import { expNonPositive } from './gbdt-exp';
import { mulberry32 } from './gbdt-rng';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Arguments where expNonPositive and Math.exp disagree (Object.is: −0 and NaN count). */
function mismatches(xs: Iterable<number>): number[] {
  const bad: number[] = [];
  for (const x of xs) if (!Object.is(expNonPositive(x), Math.exp(x)) && bad.length < 5) bad.push(x);
  return bad;
}

function* randomArgs(count: number, scale: number, seed: number, float32: boolean): Generator<number> {
  const r = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const x = -r() * scale;
    yield float32 ? Math.fround(x) : x;
  }
}

/** The `radius` float32 values either side of `edge`, negated. */
function* around(edge: number, radius: number): Generator<number> {
  f32[0] = edge;
  const bits = u32[0];
  for (let d = -radius; d <= radius; d++) {
    u32[0] = bits + d;
    yield -f32[0];
  }
}

describe('expNonPositive', () => {
  it('equals Math.exp on float32 margins (what the gradients take) and on doubles', () => {
    expect(mismatches(randomArgs(1_000_000, 40, 1, true))).toEqual([]);
    expect(mismatches(randomArgs(300_000, 2, 2, true))).toEqual([]);
    expect(mismatches(randomArgs(300_000, 760, 3, true))).toEqual([]);
    expect(mismatches(randomArgs(300_000, 50, 4, false))).toEqual([]);
    expect(mismatches(randomArgs(100_000, 1e-6, 5, false))).toEqual([]);
  });

  it('equals Math.exp at and around every branch threshold, the fallbacks and special values', () => {
    // ½ln2, 1.5 ln2 (k = −1 branch), 2^−28 (tiny), 700 (fallback), 709.78 (underflow to subnormals)
    for (const edge of [0.34657359027997264, 1.0397207708399179, 2 ** -28, 700, 709.782712893384, 745.1]) {
      expect(mismatches(around(edge, 5000))).toEqual([]);
    }
    // Near multiples of ln2/2, where k's rounding flips.
    for (let j = 1; j < 200; j++) expect(mismatches(around((j * Math.LN2) / 2, 50))).toEqual([]);
    expect(mismatches([0, -0, -1, -Number.MIN_VALUE, -1e-300, -Math.LN2, -745.2, -1000, -Infinity, Number.NaN, 1, 0.5, 710, Infinity])).toEqual([]);
    expect(expNonPositive(-0)).toBe(1);
  });
});
