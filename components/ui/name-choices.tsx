'use client';
// A form's picker of models, datasets or experiments reads a bounded, searchable list
// (models.pick and friends) instead of every row: the newest names, or the ones matching what
// was typed in the search box next to the <select>. The current choice stays among the options
// even when the search would hide it.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import type { PickKind } from '@/server/services/lists/pick-names';

export const PICK_LIMIT = 20;

function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export interface NameChoices {
  kind: PickKind;
  search: string;
  setSearch: (s: string) => void;
  /** The names to offer: the current choice(s) first when the search did not bring them back. */
  names: string[];
  more: boolean;
  error: string | null;
}

export function useNameChoices(kind: PickKind, selected: string | readonly string[], search?: string): NameChoices {
  const trpc = useTRPC();
  const [own, setOwn] = useState('');
  const text = (search ?? own).trim();
  const q = useSettled(text, 250);
  const input = { q: q || undefined, limit: PICK_LIMIT };
  const opts = { placeholderData: keepPreviousData };
  const models = useQuery({ ...trpc.models.pick.queryOptions(input, opts), enabled: kind === 'models' });
  const datasets = useQuery({ ...trpc.datasets.pick.queryOptions(input, opts), enabled: kind === 'datasets' });
  const experiments = useQuery({ ...trpc.experiments.pick.queryOptions(input, opts), enabled: kind === 'experiments' });
  const res = kind === 'models' ? models : kind === 'datasets' ? datasets : experiments;
  const found = res.data?.rows.map((r) => r.name) ?? [];
  const chosen = (typeof selected === 'string' ? [selected] : [...selected]).filter((s) => s && !found.includes(s));
  return { kind, search: search ?? own, setSearch: setOwn, names: [...chosen, ...found], more: res.data?.more ?? false, error: res.error?.message ?? null };
}

/** The search box beside a picker: narrows its options on the server as one types. */
export function ChoiceSearch({ choices, className }: { choices: NameChoices; className?: string }) {
  return (
    <span className={`flex items-center gap-2 ${className ?? ''}`}>
      <input
        type="search"
        aria-label={`Search ${choices.kind}`}
        placeholder={`Search ${choices.kind}…`}
        maxLength={200}
        value={choices.search}
        // Enter in the search box must not submit the surrounding form.
        onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
        onChange={(e) => choices.setSearch(e.target.value)}
        className="w-40 rounded border border-slate-300 px-2 py-1 text-sm"
      />
      {choices.more && <span className="text-xs text-slate-500" data-testid="picker-more">first {PICK_LIMIT} shown; type to narrow</span>}
      {choices.error && (
        <span role="alert" className="text-xs text-red-700">
          {choices.error}
        </span>
      )}
    </span>
  );
}
