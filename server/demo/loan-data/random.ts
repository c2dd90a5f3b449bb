// Seeded randomness for the demo loan data. Never Math.random: the demo, its tests and the
// traffic simulator must see the same applicants for the same seed on every machine.
//
// Each row gets its own generator, seeded from (seed, row index). So row i does not depend on how
// many draws earlier rows made, a stream can start at any index, and a scenario that draws
// differently (the holiday shift) changes only the rows it touches, never the rows after them.

/** splitmix32 finaliser: a bijective 32-bit mixer, used only to spread seed bits into state. */
export function mix32(x: number): number {
  let t = (x + 0x9e3779b9) | 0;
  t ^= t >>> 16;
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  t ^= t >>> 15;
  return t >>> 0;
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** xoshiro128** (Blackman & Vigna): 128-bit state, 32-bit outputs. */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new Error('xoshiro128** state must not be all zero');
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /** Next raw output as an unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in the open interval (0, 1), so log(u) and log(1 - u) are always finite. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** Standard normal by Box–Muller (cosine branch only: exactly two uniforms per call). */
  normal(): number {
    const u1 = this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Poisson by inverting the CDF with one uniform (means here are below ~20, so the walk is short). */
  poisson(mean: number): number {
    const u = this.uniform();
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    while (u > cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }

  /** Index drawn with the given (not necessarily normalised) non-negative weights. */
  pick(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.uniform() * total;
    for (let i = 0; i < weights.length - 1; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}

/**
 * Generator for one row: state from splitmix32 over (seed, index low 32 bits, index high bits).
 * `seed` is any safe integer (reduced to its low 32 bits); `index` a non-negative safe integer.
 */
export function rowRng(seed: number, index: number): Xoshiro128 {
  const lo = index >>> 0;
  const hi = Math.floor(index / 4294967296) >>> 0;
  let h = mix32(seed >>> 0);
  h = mix32(h ^ lo);
  h = mix32(h ^ hi);
  const s0 = mix32(h);
  const s1 = mix32(s0);
  const s2 = mix32(s1);
  const s3 = mix32(s2);
  // All four zero is impossible in practice (mix32 is a bijection of a chain); guard anyway.
  return (s0 | s1 | s2 | s3) === 0 ? new Xoshiro128(1, 2, 3, 4) : new Xoshiro128(s0, s1, s2, s3);
}
