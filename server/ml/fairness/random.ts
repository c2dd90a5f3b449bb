// Seeded random variates for the bootstrap. Deterministic by construction (no Math.random):
// the same seed gives the same intervals on every machine.

/** mulberry32: a small, fast 32-bit generator; uniform in (0, 1), never exactly 0 or 1. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    // +0.5 keeps log(u) and 1/u finite in the samplers below.
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** Standard normal by the Marsaglia polar method. */
export function normal(rand: () => number): number {
  for (;;) {
    const u = 2 * rand() - 1;
    const v = 2 * rand() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 via the U^(1/shape) boost. */
export function gamma(rand: () => number, shape: number): number {
  if (shape < 1) return gamma(rand, shape + 1) * Math.pow(rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(rand: () => number, a: number, b: number): number {
  const x = gamma(rand, a);
  return x / (x + gamma(rand, b));
}

/**
 * Exact Binomial(n, p) in O(log n) variates (Knuth, TAOCP 3.4.1 F): the a-th order statistic
 * X of n uniforms is Beta(a, n+1−a); the uniforms below X are uniform on [0, X), those above
 * on (X, 1), so the count below p recurses on one side. Small n counts Bernoulli trials.
 */
export function binomial(rand: () => number, n: number, p: number): number {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return n;
  let result = 0;
  while (n > 64) {
    const a = 1 + Math.floor(n / 2);
    const b = n + 1 - a;
    const x = beta(rand, a, b);
    if (x >= p) {
      n = a - 1;
      p = p / x;
    } else {
      result += a;
      n = b - 1;
      p = (p - x) / (1 - x);
    }
  }
  for (let i = 0; i < n; i++) if (rand() < p) result++;
  return result;
}

/**
 * Multinomial(n) over cells with the given non-negative weights (probabilities ∝ weights), by
 * successive conditional binomials. Integer weights (cell counts) keep the conditional
 * probabilities exact, so a zero-weight cell never receives a draw.
 */
export function multinomial(rand: () => number, n: number, weights: number[]): number[] {
  const out = new Array<number>(weights.length).fill(0);
  let left = n;
  let mass = weights.reduce((s, w) => s + w, 0);
  for (let k = 0; k < weights.length - 1 && left > 0; k++) {
    const c = mass <= 0 ? 0 : binomial(rand, left, weights[k] / mass);
    out[k] = c;
    left -= c;
    mass -= weights[k];
  }
  out[weights.length - 1] += left;
  return out;
}
