// Counting the distinct values of two samples over their union, for the count-based tests
// (chi-squared, z-test, Jensen–Shannon, categorical PSI). Categories come out sorted — numbers
// ascending, strings by Unicode code point — so "the first value" (z-test) is well defined.
import { compareCodePoint } from '../data/table';

export interface CategoryCounts<T> {
  categories: T[];
  reference: number[];
  current: number[];
}

/** Distinct values of two ascending numeric samples (no NaN) and their counts on each side. */
export function countSortedNumbers(reference: ArrayLike<number>, current: ArrayLike<number>): CategoryCounts<number> {
  const categories: number[] = [];
  const ref: number[] = [];
  const cur: number[] = [];
  let i = 0;
  let j = 0;
  while (i < reference.length || j < current.length) {
    const x = j >= current.length || (i < reference.length && reference[i] <= current[j]) ? reference[i] : current[j];
    let ci = 0;
    let cj = 0;
    // `<=` also merges -0 with 0, as numpy's unique does.
    while (i < reference.length && reference[i] <= x) {
      i++;
      ci++;
    }
    while (j < current.length && current[j] <= x) {
      j++;
      cj++;
    }
    categories.push(x);
    ref.push(ci);
    cur.push(cj);
  }
  return { categories, reference: ref, current: cur };
}

/** Distinct strings of two samples and their counts on each side, in code-point order. */
export function countStrings(reference: readonly string[], current: readonly string[]): CategoryCounts<string> {
  const counts = new Map<string, [number, number]>();
  for (const s of reference) {
    const c = counts.get(s);
    if (c) c[0]++;
    else counts.set(s, [1, 0]);
  }
  for (const s of current) {
    const c = counts.get(s);
    if (c) c[1]++;
    else counts.set(s, [0, 1]);
  }
  const categories = [...counts.keys()].sort(compareCodePoint);
  return {
    categories,
    reference: categories.map((k) => counts.get(k)![0]),
    current: categories.map((k) => counts.get(k)![1]),
  };
}
