// Special functions behind the drift tests' p-values: log-gamma, the regularized incomplete
// gamma functions (chi-squared survival function), erfc and the normal survival function.
//
// The aim is relative accuracy in the far tails (p-values down to ~1e-300), so densities of
// the form x^a e^-x / Γ(a+1) are evaluated with Loader's saddle-point form
// exp(-stirlingError(a) - binomialDeviance(a, x)) / sqrt(2πa), which avoids the cancellation of
// a·log(x) − x − logΓ(a+1) when a and x are large (thousands of chi-squared degrees of freedom).
// Loader, C. (2000) "Fast and Accurate Computation of Binomial Probabilities".

const LN_SQRT_2PI = 0.91893853320467274178; // log(sqrt(2π))
const SQRT_2PI = 2.5066282746310005024;
const SQRT_PI = 1.7724538509055160273;
const EPS = Number.EPSILON;
const MAXLOG = 7.09782712893383996843e2; // log(DBL_MAX)

// Stirling series for logΓ: B_2k / (2k (2k−1)), k = 1..8. With y ≥ 15 the omitted terms are
// below 1e-20, far under double rounding.
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];

function stirlingSeries(y: number): number {
  const r = 1 / y;
  const r2 = r * r;
  let s = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) s = s * r2 + STIRLING[k];
  return s * r;
}

/** log|Γ(x)|. Shifts x up to ≥ 15 with the recurrence, then uses the Stirling series. */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  let y = x;
  let prod = 1;
  while (y < 15) {
    prod *= y;
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + LN_SQRT_2PI + stirlingSeries(y) - Math.log(prod);
}

/**
 * Stirling's error δ(n) = logΓ(n+1) − (n + ½)·log(n) + n − log√(2π). Only its absolute error
 * matters to callers (it sits in an exponent), and that is a few 1e-15 for every n > 0.
 */
export function stirlingError(n: number): number {
  if (n <= 15) {
    return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const nn = n * n;
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * Binomial deviance x·log(x/m) + m − x, computed without cancellation when x ≈ m.
 * `diff` may give x − m when the caller knows it more precisely than x − m rounds to.
 */
export function binomialDeviance(x: number, m: number, diff: number = x - m): number {
  if (Math.abs(diff) < 0.1 * (x + m)) {
    let v = diff / (x + m);
    let s = diff * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  if (x === 0) return m;
  return x * Math.log(x / m) - diff;
}

/** x^a e^−x / Γ(a+1) for a ≥ 0, x ≥ 0 (the Poisson density extended to real a). */
export function gammaDensityTerm(a: number, x: number): number {
  if (x === 0) return a === 0 ? 1 : 0;
  if (!Number.isFinite(x)) return 0;
  if (a === 0) return Math.exp(-x);
  return Math.exp(-stirlingError(a) - binomialDeviance(a, x)) / Math.sqrt(2 * Math.PI * a);
}

const MAX_ITER = 1_000_000;

// P(a, x) by its power series: x^a e^−x / Γ(a+1) · Σ_k x^k / ((a+1)…(a+k)). Used for x < a + 1,
// where the terms shrink geometrically.
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < MAX_ITER; k++) {
    term *= x / (a + k);
    sum += term;
    if (term < sum * EPS) break;
  }
  return gammaDensityTerm(a, x) * sum;
}

// Q(a, x) by the Legendre continued fraction (modified Lentz), for x ≥ a + 1:
// Q = x^a e^−x / Γ(a) · 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− …))).
function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  // x^a e^−x / Γ(a) = a · x^a e^−x / Γ(a+1)
  return a * gammaDensityTerm(a, x) * h;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), a > 0. */
export function gammaIncLower(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return lowerSeries(a, x);
  return 1 - upperContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), a > 0; accurate in the upper tail. */
export function gammaIncUpper(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - lowerSeries(a, x);
  return upperContinuedFraction(a, x);
}

/** Survival function of the chi-squared distribution with `df` degrees of freedom (df > 0). */
export function chi2Sf(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df) || df <= 0) return NaN;
  if (x <= 0) return 1;
  return gammaIncUpper(df / 2, x / 2);
}

/**
 * Complementary error function. For x < 1: 1 − erf(x) with erf from its positive-term series
 * (erfc ≥ 0.157 there, so the subtraction costs under one digit). For x ≥ 1: the continued
 * fraction e^−x² / √π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))), which keeps full relative accuracy
 * until the result underflows. Like cephes, e^−x² is evaluated as exp(−x·x).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1) return 1 - erfSeries(x);
  // As cephes: 0 once e^−x² underflows (x > 26.64, erfc < ~1e-310) rather than a subnormal.
  if (x * x > MAXLOG) return 0;
  const tiny = 1e-300;
  let f = x;
  let C = f;
  let D = 0;
  for (let k = 1; k < 100000; k++) {
    const ak = k / 2;
    D = x + ak * D;
    if (D === 0) D = tiny;
    C = x + ak / C;
    if (C === 0) C = tiny;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

// erf(x) = 2x e^−x² / √π · Σ_n (2x²)^n / (1·3·…·(2n+1)); all terms positive.
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * EPS) break;
  }
  return ((2 * x) / SQRT_PI) * Math.exp(-x2) * sum;
}

/** erf(x), odd. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < 1) return x < 0 ? -erfSeries(-x) : erfSeries(x);
  return x < 0 ? erfc(-x) - 1 : 1 - erfc(x);
}

/**
 * Survival function of the standard normal, 1 − Φ(z), with full relative accuracy in the upper
 * tail (down to ~1e-310, z ≈ 37.7, below which it is 0). Same split as cephes' ndtr.
 */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const x = z * Math.SQRT1_2;
  if (Math.abs(x) < Math.SQRT1_2) return 0.5 - 0.5 * erf(x);
  const y = 0.5 * erfc(Math.abs(x));
  return x > 0 ? y : 1 - y;
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return normalSf(-z);
}

/** x · 2^e without intermediate overflow or underflow for |e| up to a few thousand. */
export function ldexp(x: number, e: number): number {
  let y = x;
  let k = e;
  while (k > 1000) {
    y *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    y *= 2 ** -1000;
    k += 1000;
  }
  return y * 2 ** k;
}

/** √(2π), exported for the Kolmogorov code. */
export const SQRT_TWO_PI = SQRT_2PI;
