// Two-proportion z-test with pooled variance, two-sided: does the share of one value differ
// between reference and current? p-value = 2·(1 − Φ(|z|)), evaluated as 2·normalSf(|z|) so tiny
// p-values keep their relative accuracy.
import { normalSf } from './special';

export interface ZTestResult {
  statistic: number;
  pValue: number;
}

/**
 * refCount of nRef reference values and curCount of nCur current values are "the value".
 * When the pooled share is 0 or 1 (both samples hold one and the same value) there is no
 * variance: statistic 0, p-value 1.
 */
export function twoProportionZTest(refCount: number, nRef: number, curCount: number, nCur: number): ZTestResult {
  if (!(nRef > 0 && nCur > 0)) throw new Error('ztest: both samples must be non-empty');
  if (refCount < 0 || refCount > nRef || curCount < 0 || curCount > nCur) throw new Error('ztest: count out of range');
  const pRef = refCount / nRef;
  const pCur = curCount / nCur;
  const pooled = (refCount + curCount) / (nRef + nCur);
  if (pooled === 0 || pooled === 1) return { statistic: 0, pValue: 1 };
  const z = (pRef - pCur) / Math.sqrt(pooled * (1 - pooled) * (1 / nRef + 1 / nCur));
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}
