'use client';
// The shell's search box: an id (prediction, run, version, dataset version…), a name prefix,
// "model v3" or a hash prefix; Ctrl-K (⌘K) focuses it from anywhere, Enter opens the first hit,
// arrows move through the hits.
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { useTRPC } from '@/lib/trpc';

const KIND_LABEL: Record<string, string> = {
  model: 'Model',
  model_version: 'Version',
  run: 'Run',
  experiment: 'Experiment',
  dataset: 'Dataset',
  dataset_version: 'Dataset version',
  prediction: 'Prediction',
};

function useDebounced(value: string, ms: number) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function SearchBox() {
  const trpc = useTRPC();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const hits = useQuery(trpc.search.resolve.queryOptions({ q }, { enabled: q.length > 0 && q.length <= 200 }));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const list = q.length > 0 ? (hits.data ?? []) : [];
  const go = (href: string) => {
    setOpen(false);
    setText('');
    router.push(href);
  };

  return (
    <div className="relative w-full max-w-md">
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search models, versions, runs, datasets and predictions
      </label>
      <input
        ref={input}
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={open && list.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && list[active] ? `${listId}-${active}` : undefined}
        autoComplete="off"
        maxLength={200}
        placeholder="Search or paste an id (Ctrl K)"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, Math.max(0, list.length - 1)));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter' && list[active]) {
            e.preventDefault();
            go(list[active].href);
          } else if (e.key === 'Escape') {
            setOpen(false);
            input.current?.blur();
          }
        }}
        className="w-full rounded border border-slate-300 px-3 py-1.5 text-sm"
        data-testid="search-input"
      />
      {open && q.length > 0 && (
        <ul id={listId} role="listbox" className="absolute z-20 mt-1 w-full overflow-hidden rounded border border-slate-200 bg-white shadow-lg" data-testid="search-results">
          {hits.isLoading && <li className="px-3 py-2 text-sm text-slate-500">Searching…</li>}
          {hits.error && (
            <li role="alert" className="px-3 py-2 text-sm text-red-700">
              {hits.error.message}
            </li>
          )}
          {hits.data && list.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">Nothing matches. Try a full id, a name prefix or “model v2”.</li>}
          {list.map((h, i) => (
            <li
              key={`${h.kind}-${h.id}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                go(h.href);
              }}
              onMouseEnter={() => setActive(i)}
              className={`flex cursor-pointer items-baseline gap-2 px-3 py-2 text-sm ${i === active ? 'bg-slate-100' : ''}`}
            >
              <span className="w-28 shrink-0 text-xs uppercase text-slate-500">{KIND_LABEL[h.kind] ?? h.kind}</span>
              <span className="truncate font-mono">{h.label}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
