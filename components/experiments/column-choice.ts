// The column picker's view of trpc.runs.columns, and its default choice.
export interface ColumnChoiceView {
  name: string;
  type: 'numeric' | 'categorical';
  flag: { kind: string; reason: string } | null;
  sensitive: boolean;
  labelProblem: string | null;
  /** Why it cannot be a multiclass / regression target, or null. */
  taskProblems?: { multiclass: string | null; regression: string | null };
  /** Has missing values (the spec editor seeds an impute for it). */
  nullable?: boolean;
}

/** Ticked by default: every column but the target that is neither flagged nor sensitive. */
export function defaultInputColumns(columns: readonly ColumnChoiceView[], target: string): Set<string> {
  return new Set(columns.filter((c) => c.name !== target && !c.flag && !c.sensitive).map((c) => c.name));
}

/** Columns that can be a 0/1 label (target or golden-set label). */
export function labelColumns(columns: readonly ColumnChoiceView[]): ColumnChoiceView[] {
  return columns.filter((c) => c.type === 'numeric' && c.labelProblem === null);
}

/** Columns that can be the target of a run of `task` (binary: a 0/1 label). */
export function targetColumns(columns: readonly ColumnChoiceView[], task: 'binary' | 'multiclass' | 'regression'): ColumnChoiceView[] {
  if (task === 'binary') return labelColumns(columns);
  return columns.filter((c) => (c.taskProblems ? c.taskProblems[task] === null : task === 'multiclass' || c.type === 'numeric'));
}
