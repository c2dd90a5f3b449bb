// Test-only: loads the scipy reference fixtures written by tests/reference/drift_reference.py.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/reference/fixtures');

export function loadFixture<T>(name: string): T {
  const json = JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as { cases: T };
  return json.cases;
}

type Num = number | string; // non-finite values are written as strings

/** drift-special.json */
export interface SpecialFixture {
  lgamma: [number, number][];
  /** a, x, scipy Q, scipy P, mpmath Q, mpmath P (null where mpmath did not converge) */
  gamma_inc: [number, number, number, number, number | null, number | null][];
  /** x, df, scipy sf, mpmath sf */
  chi2_sf: [number, number, number, number | null][];
  /** z, norm.sf(z), 2·norm.sf(|z|) */
  norm_sf: [number, number, number][];
  erfc: [number, Num][];
  smirnov: [number, number, number][];
  kstwo_sf: [number, number, number][];
}

interface Named {
  name: string;
}
export interface CountCase extends Named {
  ref: number[];
  cur: number[];
  statistic: number;
  p_value: number;
}
export interface ZCase extends Named {
  ref_first: number;
  n_ref: number;
  cur_first: number;
  n_cur: number;
  statistic: number;
  p_value: number;
}
export interface Spec {
  seed: number;
  n: number;
  shift: number;
  scale: number;
  ties?: number;
}
export interface PsiNumericCase extends Named {
  a?: number[];
  b?: number[];
  spec_a?: Spec;
  spec_b?: Spec;
  edges: number[];
  ref_counts: number[];
  cur_counts: number[];
  statistic: number;
}
export interface WassersteinCase extends Named {
  u?: number[];
  v?: number[];
  spec_a?: Spec;
  spec_b?: Spec;
  u_weights: number[] | null;
  v_weights: number[] | null;
  distance: number;
  std: number;
  normalized: number;
}
/** drift-tests.json */
export interface TestsFixture {
  chi2: CountCase[];
  ztest: ZCase[];
  jensenshannon: CountCase[];
  psi_counts: CountCase[];
  psi_numeric: PsiNumericCase[];
  wasserstein: WassersteinCase[];
}

/** Fixture floats: the generator writes non-finite values as strings. */
export function num(v: number | string | null): number {
  if (typeof v === 'number') return v;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return NaN;
}

/** |got − want| / |want| (0 when equal, Infinity when want is 0 and got is not). */
export function relErr(got: number, want: number): number {
  if (got === want) return 0;
  return Math.abs(got - want) / Math.abs(want);
}

/**
 * Comparison for probabilities that may come from 1 − cdf: values ≥ 1e-4 to an absolute 1e-14
 * (their relative accuracy is limited by the cancellation in 1 − cdf, for scipy as for us), tail
 * values to `rel` relative, and values below 1e-300 only as "below 1e-300" (subnormal vs 0).
 */
export function probabilityError(got: number, want: number, rel = 1e-12): string | null {
  if (want < 1e-300) return got < 1e-300 ? null : `got ${got}, want < 1e-300`;
  if (want < 1e-4) return relErr(got, want) < rel ? null : `got ${got}, want ${want} (rel ${relErr(got, want)})`;
  return Math.abs(got - want) < 1e-14 ? null : `got ${got}, want ${want} (abs ${Math.abs(got - want)})`;
}
