// e^x for x ≤ 0, the same bits as Math.exp, in JavaScript that V8 compiles inline.
//
// The log-loss gradients need one e^−|m| per row per round (20 M on a 100-tree, 200k-row fit), and
// Math.exp is a call out of optimised code into V8's C++ port of fdlibm's e_exp.c (~25 ns here).
// This is the same algorithm — argument reduction x = k·ln2 + r with ln2 split in a high and a low
// part, the degree-5 remez polynomial and the same rational correction, then a scaling by 2^k — as
// plain double arithmetic, which JavaScript evaluates exactly as IEEE 754 prescribes (no fused
// multiply-add, no extended precision), so it returns the same double for every argument: the
// trees, which are fitted on gradients computed from it, keep their bits (./gbdt-exp.test.ts
// compares it with Math.exp on millions of float32 and double arguments and on the branch
// thresholds). Inlined it costs about a third less.
//
// Constants and branch thresholds are fdlibm's; its tests on the high word of |x| are written as
// comparisons with the doubles those words start (|x| > 0x3FD62E42… ⟺ |x| ≥ 0x3FD62E43 00000000).
// Below −700 (2^k near the subnormal range) and for NaN it defers to Math.exp.

const words = new Float64Array(1);
const halves = new Uint32Array(words.buffer);

/** The double whose high 32 bits are `hi` and low 32 bits 0 (little-endian typed-array view). */
function fromHighWord(hi: number): number {
  halves[0] = 0;
  halves[1] = hi;
  return words[0];
}

/** |x| above this: reduce by k·ln2 (fdlibm: hx > 0x3FD62E42, i.e. |x| > ½ln2). */
const HALF_LN2 = fromHighWord(0x3fd62e43);
/** |x| below this (and above HALF_LN2): k = ±1 (fdlibm: hx < 0x3FF0A2B2, i.e. |x| < 1.5 ln2). */
const THREE_HALVES_LN2 = fromHighWord(0x3ff0a2b2);
/** |x| below 2^−28: e^x rounds to 1 + x. */
const TINY = fromHighWord(0x3e300000);
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
/** Smallest argument taken here: 2^k stays a normal double, so y·2^k is fdlibm's single rounding. */
const LOWEST = -700;

/** 2^−j for j = 0..1010, by halving (exact: every one is a normal double). */
const POW2_NEG = new Float64Array(1011);
POW2_NEG[0] = 1;
for (let j = 1; j < POW2_NEG.length; j++) POW2_NEG[j] = POW2_NEG[j - 1] / 2;

/** e^x for x ≤ 0 (also −0), bit for bit Math.exp(x); other arguments go to Math.exp. */
export function expNonPositive(x: number): number {
  if (!(x >= LOWEST && x <= 0)) return Math.exp(x);
  let k = 0;
  let hi = 0;
  let lo = 0;
  if (x <= -HALF_LN2) {
    if (x > -THREE_HALVES_LN2) {
      hi = x + LN2_HI;
      lo = -LN2_LO;
      k = -1;
    } else {
      // C's (int) truncation toward zero, as `| 0` does; |k| ≤ 1010.
      k = (INV_LN2 * x - 0.5) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (x > -TINY) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  return y * POW2_NEG[-k];
}
