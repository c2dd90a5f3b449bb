'use client';
// The monitoring pass's own health for one model: its last successful pass, the last error,
// and a warning when monitoring is stale (failing for this model, or no worker running passes).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

const ago = (d: Date | string) => {
  const s = Math.max(0, Math.round((Date.now() - new Date(d).getTime()) / 1000));
  return s < 90 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${(s / 3600).toFixed(1)} h ago`;
};

export function MonitoringHealth({ model }: { model: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.monitoring.health.queryOptions({ model }), refetchInterval: 15_000 });
  const h = q.data;
  if (!h) return null;
  return (
    <section aria-label="Monitoring health" data-testid="monitoring-health" className={`flex flex-wrap items-center gap-x-6 gap-y-1 rounded border px-3 py-2 text-sm ${h.stale ? 'border-red-300 bg-red-50 text-red-900' : 'border-slate-200 bg-white text-slate-700'}`}>
      <span data-testid="last-successful-pass">
        Last successful pass: {h.lastSuccessAt ? `${new Date(h.lastSuccessAt).toLocaleString()} (${ago(h.lastSuccessAt)}${h.lastDurationMs !== null ? `, took ${h.lastDurationMs} ms` : ''})` : 'none yet'}
      </span>
      {h.stale && <strong role="alert">Monitoring is stale: figures and alerts for this model are not being updated.</strong>}
      {h.failingSince && (
        <span className="text-red-800">
          Failing since {new Date(h.failingSince).toLocaleString()}: {h.lastError}
        </span>
      )}
      {h.ingestedUpTo && <span className="text-slate-500">Rolled up to predictions ingested {ago(h.ingestedUpTo)}</span>}
    </section>
  );
}
