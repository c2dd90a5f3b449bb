'use client';
// The run's input columns: every column but the target, ticked by default unless it is an
// identifier, high-cardinality, empty, or a declared sensitive attribute (each says why).
// What is ticked is exactly what the run trains on (sent as `columns`).
import type { ColumnChoiceView } from './column-choice';

interface Props {
  columns: ColumnChoiceView[];
  target: string;
  chosen: ReadonlySet<string>;
  onToggle: (column: string, on: boolean) => void;
}

export function ColumnPicker({ columns, target, chosen, onToggle }: Props) {
  const candidates = columns.filter((c) => c.name !== target);
  return (
    <fieldset className="flex flex-col gap-1 text-sm" aria-label="Input columns">
      <legend className="mb-1">
        Input columns ({candidates.filter((c) => chosen.has(c.name)).length} of {candidates.length})
      </legend>
      <ul className="grid max-h-64 grid-cols-1 gap-x-6 gap-y-1 overflow-y-auto rounded border border-slate-200 p-2 sm:grid-cols-2">
        {candidates.map((c) => {
          const why = c.sensitive ? 'declared sensitive attribute (kept for fairness reports)' : c.flag?.reason;
          return (
            <li key={c.name} className="min-w-0">
              <label className="flex items-baseline gap-2">
                <input type="checkbox" checked={chosen.has(c.name)} onChange={(e) => onToggle(c.name, e.target.checked)} />
                <span className="truncate font-mono text-xs" title={c.name}>
                  {c.name}
                </span>
                <span className="text-xs text-slate-500">{c.type}</span>
                {why && <span className="text-xs text-amber-700">· {why}</span>}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
