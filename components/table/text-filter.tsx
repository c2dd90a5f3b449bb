'use client';
import { useEffect, useState } from 'react';

/** A table's free-text filter: writes to the URL once typing pauses (300 ms). */
export function TextFilter({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onChange(text), 300);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return (
    <label className="flex flex-col text-xs text-slate-600">
      {label}
      <input className="rounded border border-slate-300 px-2 py-1 text-sm" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
    </label>
  );
}
