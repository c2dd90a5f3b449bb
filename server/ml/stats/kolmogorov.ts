// Distribution of the one-sample Kolmogorov–Smirnov statistic D_n, as scipy 1.10 computes it:
// kstwoSf(n, d) = Pr(D_n ≥ d) (scipy.stats.kstwo.sf) and smirnovSf(n, d) = Pr(D_n⁺ ≥ d)
// (scipy.special.smirnov). ks_2samp falls back to kstwo.sf(D, round(n·m/(n+m))) for large
// samples, so the branch structure follows scipy's choice among the methods of
// Simard & L'Ecuyer (2011) "Computing the Two-Sided Kolmogorov-Smirnov Distribution":
//  - Ruben–Gambino closed forms for d ≤ 1/n and d ≥ 1 − 1/n,
//  - 2·smirnov(n, d) for d ≥ 0.5 and in the upper tail,
//  - the Durbin matrix algorithm (Marsaglia–Tsang–Wang) and Pomeranz recursion for small n,
//  - the Pelz–Good asymptotic series for large n.
// The implementation is our own; the thresholds are scipy's so the same method answers.
import { binomialDeviance, ldexp, stirlingError } from './special';

const EPS = Number.EPSILON;
const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const MINLOG = -7.451332191019412076235e2; // log(2^-1075): exp of anything below is 0
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT3 = Math.sqrt(3);

const clip01 = (p: number): number => (p < 0 ? 0 : p > 1 ? 1 : p);

// Exact product a·b = p + e (Dekker/Veltkamp), so floor(n·d) is taken of the exact product.
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const split = 134217729; // 2^27 + 1
  const ca = split * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = split * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  return [p, e];
}

/** floor(n·x) of the exact product and the fractional part alpha in [0, 1). */
function floorAndFraction(n: number, x: number): { nxfl: number; alpha: number } {
  const [p, e] = twoProduct(n, x);
  let nxfl = Math.floor(p);
  let alpha: number;
  if (nxfl === p) {
    if (e < 0) {
      nxfl -= 1;
      alpha = 1 + e;
    } else {
      alpha = e;
    }
  } else {
    alpha = p - nxfl + e;
  }
  if (alpha >= 1) {
    nxfl += 1;
    alpha = 0;
  }
  return { nxfl, alpha };
}

/** (hi + lo)^m for hi + lo an unevaluated sum, keeping the relative accuracy of pow(hi, m). */
function powSum(hi: number, lo: number, m: number): number {
  const base = Math.pow(hi, m);
  if (lo === 0 || base === 0) return base;
  return base + base * Math.expm1(m * Math.log1p(lo / hi));
}

/** (1 + x)^m with 1 + x carried exactly. */
function onePlusPow(x: number, m: number): number {
  const hi = 1 + x;
  const lo = x - (hi - 1);
  return powSum(hi, lo, m);
}

/** (1 − x)^m with 1 − x carried exactly (0 ≤ x ≤ 1). */
function oneMinusPow(x: number, m: number): number {
  const hi = 1 - x;
  const lo = 1 - hi - x;
  return powSum(hi, lo, m);
}

const SMIRNOV_MAX_COMPUTE_N = 1_000_000;

/**
 * One-sided Smirnov survival function Pr(D_n⁺ ≥ x) (scipy.special.smirnov), by the
 * Birnbaum–Tingey sum x·Σ_{v ≤ n(1−x)} C(n,v) (x+v/n)^(v−1) (1−x−v/n)^(n−v).
 * Each term is (x/a)·Binomial(v; n, a) with a = x + v/n, evaluated with Loader's saddle-point
 * form so that it keeps full relative accuracy for n up to 10^6.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1) || !Number.isInteger(n)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { nxfl, alpha } = floorAndFraction(n, x);
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  // When n·x is an integer the last term is zero: leave it out of both sums.
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }
  // x ≤ 1/n: cdf = x (1+x)^(n−1).
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    return clip01(1 - x * onePlusPow(x, n - 1));
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return clip01(oneMinusPow(x, n));
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  // scipy sums the (alternating) upper terms instead when there are at most three of them and
  // x is small; then the sf is close to 1 and the choice hardly matters, but we follow it.
  const nUpperTerms = n - n1mxceil + 1;
  const useUpper = (nUpperTerms <= 1 && x < 0.5) || (n >= 10 && nUpperTerms <= 3 && x <= 0.5 / Math.sqrt(n));
  if (useUpper) {
    let sum = 0;
    for (let v = n; v >= n1mxceil; v--) sum += upperTerm(n, x, v);
    return clip01(1 - x * sum);
  }

  const nx = nxfl + alpha;
  const nTerms = n1mxfl + 1;
  const vmid = Math.floor(n / 2);
  const stirN = stirlingError(n);
  // Terms already include the factor x.
  let sum = oneMinusPow(x, n);
  let comp = 0; // Neumaier compensation
  for (let v = 1; v < nTerms; v++) {
    const term = lowerTerm(n, v, nxfl, alpha, nx, stirN);
    if (term > 0 && Number.isFinite(term)) {
      const t = sum + term;
      comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    if (term !== 0) {
      if (4 * (nTerms - v) * Math.abs(term) < EPS * (sum + comp) && v !== nTerms - 1) break;
    } else if (v > vmid) {
      break;
    }
  }
  return clip01(sum + comp);
}

// x·A_v = (x/a)·C(n,v) a^v (1−a)^(n−v), a = x + v/n, via Loader:
// C(n,v) a^v q^(n−v) = exp(δ(n) − δ(v) − δ(n−v) − bd0(v, na) − bd0(n−v, nq)) · √(n / (2π v (n−v))).
// n·a = nxfl + alpha + v and n·q = n − v − nxfl − alpha; the deviations from v and n − v are
// ∓(nxfl + alpha), passed exactly to the deviance.
function lowerTerm(n: number, v: number, nxfl: number, alpha: number, nx: number, stirN: number): number {
  const na = nxfl + v + alpha;
  const nq = n - nxfl - v - alpha;
  if (nq <= 0) return 0;
  const lc =
    stirN -
    stirlingError(v) -
    stirlingError(n - v) -
    binomialDeviance(v, na, -nx) -
    binomialDeviance(n - v, nq, nx);
  const lf = LOG_2PI + Math.log(v) + Math.log1p(-v / n);
  return (nx / na) * Math.exp(lc - 0.5 * lf);
}

// A_v for v close to n, where 1 − x − v/n < 0 and the terms alternate in sign.
function upperTerm(n: number, x: number, v: number): number {
  if (v === n) return onePlusPow(x, n - 1);
  let c = 1;
  for (let i = 0; i < n - v; i++) c = (c * (n - i)) / (i + 1);
  const b = (n - v - n * x) / n;
  const a = x + v / n;
  return c * Math.pow(b, n - v) * Math.pow(a, v - 1);
}

/**
 * Pr(D_n ≤ d) by Durbin's matrix algorithm as arranged by Marsaglia, Tsang & Wang (2003):
 * the (k,k) entry of H^n · n!/n^n, with powers rescaled by 2^128 to stay in range.
 */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H: Float64Array = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - Math.pow(h, j);
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] *= fac;
  }
  const tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
  v[m - 1] = (1 + tt) * fac;
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)];
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  let P: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      P = matmul(P, H, m);
      expnt += hExpnt;
    }
    H = matmul(H, H, m);
    hExpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] /= EP128;
      hExpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p = ldexp(p, expnt);
  return clip01(p);
}

function matmul(A: Float64Array, B: Float64Array, m: number): Float64Array {
  const C = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const a = A[i * m + k];
      if (a === 0) continue;
      const rowB = k * m;
      const rowC = i * m;
      for (let j = 0; j < m; j++) C[rowC + j] += a * B[rowB + j];
    }
  }
  return C;
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/**
 * Pr(D_n ≤ d) by Pomeranz's (1974) recursion: 2n+1 convolutions of a short row with truncated
 * Poisson weights, rescaled by 2^128 against underflow; n! applied at the end.
 */
export function kolmogorovCdfPomeranz(n: number, d: number): number {
  const t = n * d;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gOverN) / m;
    twogpower[m] = (twogpower[m - 1] * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * oneMinusTwoGOverN) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let j1 = pomeranzBounds(0, n, ll, ceilf, roundf)[0];
  let j2: number;
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      const start = k1 - V0s;
      const aLen = Math.min(start + ln2, npwrs) - start;
      const bLen = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      // Entries convStart … convStart+convLen−1 of the full convolution of the two slices.
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let s = 0;
        const lo = Math.max(0, idx - (bLen - 1));
        const hi = Math.min(aLen - 1, idx);
        for (let a = lo; a <= hi; a++) s += V0[start + a] * pwrs[idx - a];
        V1[c] = s;
      }
      let mx = -Infinity;
      for (let c = 0; c < npwrs; c++) if (V1[c] > mx) mx = V1[c];
      if (mx > 0 && mx < EM128) {
        for (let c = 0; c < npwrs; c++) V1[c] *= EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ldexp(ans, expnt);
  return clip01(ans);
}

/**
 * Pelz–Good (1976) approximation to Pr(D_n ≤ x): the Li-Chien/Korolyuk expansion
 * K0 + K1/√n + K2/n + K3/n^1.5 rewritten with Jacobi theta identities for small z = x√n.
 */
export function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = Math.pow(q, 8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT_2PI) / div[i];
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = Math.pow(q, k2);
    const kpi = Math.PI * k;
    k2extra += k2 * qp;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K[2] += (k2extra * PI2 * SQRT_2PI) / (-36 * z3);
  K[3] += (k3extra * PI2 * SQRT_2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i] / Math.pow(n, i / 2);
  return sum;
}

// Stirling coefficients B_2j / (2j (2j−1)), j = 8 … 1 (highest power first, as for polyval).
const STIRLING_DESC = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

// log(n! / n^n) by Stirling, with n·log(n) removed up front.
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const y = rn / n;
  let p = 0;
  for (const c of STIRLING_DESC) p = p * y + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * p;
}

/**
 * Survival function of the two-sided one-sample KS statistic, Pr(D_n ≥ x) (scipy.stats.kstwo.sf),
 * choosing among the methods as scipy 1.10's _kolmogn does.
 */
export function kstwoSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      const r = 1 / n;
      const f = 2 * t - 1;
      for (let i = 1; i <= n; i++) prob *= i * r * f;
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) return clip01(1 - kolmogorovCdfDurbin(n, x));
    if (nxsquared <= 4) return clip01(1 - kolmogorovCdfPomeranz(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nxsquared >= 370) return 0;
  if (nxsquared >= 2.2) return clip01(2 * smirnovSf(n, x));
  let cdf: number;
  if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) cdf = kolmogorovCdfDurbin(n, x);
  else cdf = kolmogorovCdfPelzGood(n, x);
  return clip01(1 - cdf);
}
