'use client';
// A button that opens a one-field form asking for a reason before an irreversible action
// (cancel a request, abort a canary). Escape or "Keep" closes it without acting.
import { useEffect, useRef, useState } from 'react';

export function ReasonAction({ label, confirm, pending, error, onConfirm, danger = false }: { label: string; confirm: string; pending: boolean; error?: string | null; onConfirm: (reason: string) => void; danger?: boolean }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  const tone = danger ? 'border-red-300 text-red-800 hover:bg-red-50' : 'border-slate-300 hover:bg-slate-50';
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} className={`rounded border px-3 py-1.5 text-sm ${tone}`}>
        {label}
      </button>
    );
  return (
    <form
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(reason.trim());
      }}
      onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3"
    >
      <label className="flex flex-col gap-1 text-sm">
        Reason (required)
        <textarea ref={input} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <div className="flex gap-2">
        <button type="submit" disabled={pending || !reason.trim()} className={`rounded border px-3 py-1.5 text-sm disabled:opacity-50 ${tone}`}>
          {confirm}
        </button>
        <button type="button" onClick={() => setOpen(false)} className="rounded border px-3 py-1.5 text-sm">
          Keep
        </button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
