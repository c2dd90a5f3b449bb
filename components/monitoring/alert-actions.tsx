'use client';
// Acknowledge (with a note) and silence (for a duration) one alert; both are audited. Shown to
// users who may (alert.acknowledge).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import type { AlertRow } from './types';

const SILENCE_CHOICES = [
  { minutes: 30, label: '30 min' },
  { minutes: 120, label: '2 h' },
  { minutes: 24 * 60, label: '1 day' },
];

export function AlertActions({ a }: { a: AlertRow }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.monitoring.alerts.queryKey() });
  const ack = useMutation(trpc.monitoring.acknowledge.mutationOptions({ onSuccess: () => (setOpen(false), refresh()) }));
  const silence = useMutation(trpc.monitoring.silence.mutationOptions({ onSuccess: () => refresh() }));
  const error = ack.error ?? silence.error;
  const firing = a.alert.status === 'firing';
  return (
    <div className="flex flex-col gap-1 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        {firing && !a.alert.acknowledgedAt && !open && (
          <button type="button" onClick={() => setOpen(true)} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
            Acknowledge
          </button>
        )}
        {a.silenced ? (
          <button type="button" disabled={silence.isPending} onClick={() => silence.mutate({ alertId: a.alert.id, minutes: 0 })} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:opacity-50">
            Lift silence
          </button>
        ) : (
          firing &&
          SILENCE_CHOICES.map((c) => (
            <button key={c.minutes} type="button" disabled={silence.isPending} onClick={() => silence.mutate({ alertId: a.alert.id, minutes: c.minutes, note })} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:opacity-50">
              Silence {c.label}
            </button>
          ))
        )}
      </div>
      {open && (
        <form
          className="flex flex-wrap items-center gap-2"
          aria-label="Acknowledge alert"
          onSubmit={(e) => {
            e.preventDefault();
            ack.mutate({ alertId: a.alert.id, note });
          }}
        >
          <label className="flex items-center gap-1">
            Note
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} placeholder="e.g. looking into it" className="w-64 rounded border border-slate-300 px-2 py-0.5" />
          </label>
          <button type="submit" disabled={ack.isPending} className="rounded bg-brand-600 px-2 py-0.5 text-white hover:bg-brand-700 disabled:opacity-50">
            Confirm acknowledge
          </button>
          <button type="button" onClick={() => setOpen(false)} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error.message}
        </p>
      )}
    </div>
  );
}
