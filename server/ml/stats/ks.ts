// Two-sample Kolmogorov–Smirnov test, two-sided, with the p-value of scipy 1.10's
// ks_2samp(ref, cur) default (method='auto'):
//  - max(n1, n2) ≤ 10000: the exact null distribution of D (which assumes no ties), by counting
//    lattice paths — a closed alternating sum when n1 == n2, otherwise the "inside" recursion of
//    Hodges (1958) rearranged to produce 1 − p directly (Viehmann 2021, arXiv:2102.08037);
//  - otherwise, or when the exact computation leaves [0, 1] numerically: kstwo.sf(D, round(en))
//    with en = n1·n2/(n1+n2).
// When the exact route is taken, the reported D is h/lcm(n1, n2), h = round(D·lcm), as scipy
// reports it.
import { kstwoSf } from './kolmogorov';

export const KS_MAX_EXACT_N = 10000;

export interface KsResult {
  statistic: number;
  pValue: number;
  /** Which distribution produced the p-value. */
  pMethod: 'exact' | 'asymptotic';
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Ascending copy without NaN (missing values). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let k = 0;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[k++] = values[i];
  return out.subarray(0, k).sort();
}

/**
 * D = sup |F1 − F2| of two ascending samples, with the ECDF differences rounded exactly as
 * scipy forms them (i/n1 − j/n2 at every sample point), so the same double comes out.
 */
export function ksStatisticSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  while (i < n1 || j < n2) {
    // Next distinct value; step past every copy of it in both samples (searchsorted 'right').
    const x = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] <= x) i++;
    while (j < n2 && b[j] <= x) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const minClipped = Math.min(Math.max(-minS, 0), 1);
  return minClipped > maxS ? minClipped : maxS;
}

// Pr(D_{n,n} ≥ h/n) = 2·Σ_k (−1)^k … written as 2·A0(1 − A1(1 − A2(…))) to avoid cancellation.
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k -= 1;
  }
  return 2 * P;
}

// Proportion of lattice paths (0,0)→(m,n) that leave the band |x/m − y/n| < h/lcm, computed as
// 1 − (inside paths) column by column over a sliding window, each column scaled so the entries
// stay in [0, 1].
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  let m = m0;
  let n = n0;
  if (m < n) [m, n] = [n, m];
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  // Window bound as in the reference algorithm; one spare slot beyond it costs nothing and keeps
  // every read inside the buffer.
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA + 1).fill(1);
  A.fill(0, minj, Math.min(maxj, lenA));
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), lenA));
  }
  return A[maxj - minj - 1];
}

/**
 * Exact two-sided p-value Pr(D ≥ d) for sample sizes n1, n2 (no ties), or null when the
 * computation is not usable numerically (scipy then falls back to the asymptotic form).
 * Also returns d snapped to the lattice, h/lcm.
 */
export function ksExactPValue(n1: number, n2: number, d: number): { d: number; p: number | null } {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const dSnapped = h / lcm;
  if (h === 0) return { d: dSnapped, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  if (!(p >= 0 && p <= 1)) return { d: dSnapped, p: null };
  return { d: dSnapped, p };
}

/** Asymptotic p-value kstwo.sf(d, round(n1·n2/(n1+n2))). */
export function ksAsymptoticPValue(n1: number, n2: number, d: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  return kstwoSf(roundHalfEven(en), d);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds .5 up; numpy rounds half to even.
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** Two-sample KS test from ascending samples (both non-empty). */
export function ks2sampSorted(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error('ks2samp: both samples must be non-empty');
  let d = ksStatisticSorted(a, b);
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const exact = ksExactPValue(n1, n2, d);
    d = exact.d;
    if (exact.p !== null) return { statistic: d, pValue: exact.p, pMethod: 'exact' };
  }
  const p = ksAsymptoticPValue(n1, n2, d);
  return { statistic: d, pValue: Math.min(Math.max(p, 0), 1), pMethod: 'asymptotic' };
}

/** Two-sample KS test from raw samples; NaN (missing) values are dropped. */
export function ks2samp(reference: ArrayLike<number>, current: ArrayLike<number>): KsResult {
  return ks2sampSorted(sortedFinite(reference), sortedFinite(current));
}
