// Candidate vs incumbent feature importance, input by input, for a promotion request: which
// inputs the new version leans on more or less than the one it would replace. Inputs present in
// only one version keep a row (null on the other side): a dropped or added input is news too.
import type { InputImportance } from '@/server/db/schema/importance';

export interface ImportanceChange {
  input: string;
  candidate: number | null;
  incumbent: number | null;
  /** candidate − incumbent; null when either side lacks the input. */
  change: number | null;
}

/** One row per input of either version, most important to the candidate first (inputs it lacks last, by incumbent importance). */
export function compareImportance(candidate: readonly InputImportance[], incumbent: readonly InputImportance[]): ImportanceChange[] {
  const cand = new Map(candidate.map((i) => [i.input, i.importance]));
  const inc = new Map(incumbent.map((i) => [i.input, i.importance]));
  const names = [...new Set([...cand.keys(), ...inc.keys()])];
  const rows = names.map((input) => {
    const c = cand.get(input) ?? null;
    const p = inc.get(input) ?? null;
    return { input, candidate: c, incumbent: p, change: c !== null && p !== null ? c - p : null };
  });
  return rows.sort((a, b) => {
    if (a.candidate !== null && b.candidate !== null) return b.candidate - a.candidate || a.input.localeCompare(b.input);
    if (a.candidate !== null) return -1;
    if (b.candidate !== null) return 1;
    return (b.incumbent ?? 0) - (a.incumbent ?? 0) || a.input.localeCompare(b.input);
  });
}
