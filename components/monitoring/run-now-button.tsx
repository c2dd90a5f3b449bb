'use client';
// Queues a monitoring pass now (training.run), then refreshes every monitoring query a few
// seconds later, when the pass has usually finished.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/lib/trpc';

const REFRESH_AFTER_MS = 4000;

export function RunNowButton() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [note, setNote] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const run = useMutation(
    trpc.monitoring.runNow.mutationOptions({
      onSuccess: () => {
        setNote('Monitoring pass queued; refreshing in a few seconds…');
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          setNote('Monitoring pass queued; figures refreshed (late predictions are counted in the minute they were made).');
          void qc.invalidateQueries({ queryKey: trpc.monitoring.pathKey() });
        }, REFRESH_AFTER_MS);
      },
    }),
  );
  return (
    <div className="flex flex-col items-end gap-1">
      <button type="button" onClick={() => run.mutate()} disabled={run.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
        Run monitoring now
      </button>
      {note && (
        <p role="status" className="text-xs text-slate-600">
          {note}
        </p>
      )}
      {run.error && (
        <p role="alert" className="text-xs text-red-700">
          {run.error.message}
        </p>
      )}
    </div>
  );
}
