'use client';
// How long the prediction log is kept (VIGIL_PREDICTIONS_RETENTION_DAYS) and the daily
// partitions on disk; the daily maintenance job drops the expired ones (rollups are kept).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

export function PredictionRetention() {
  const trpc = useTRPC();
  const q = useQuery(trpc.monitoring.retention.queryOptions());
  const r = q.data;
  const past = r?.partitions.filter((p) => p.day <= new Date().toISOString().slice(0, 10)) ?? [];
  return (
    <section aria-labelledby="retention-title" className="flex flex-col gap-2" data-testid="prediction-retention">
      <h2 id="retention-title" className="text-lg font-semibold">
        Prediction log retention
      </h2>
      {q.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      {r && (
        <p className="max-w-3xl text-sm text-slate-700">
          Raw predictions are kept for <strong data-testid="retention-days">{r.retentionDays} days</strong> (<code>VIGIL_PREDICTIONS_RETENTION_DAYS</code>): the daily maintenance job drops whole days before {r.firstKeptDay}. Monitoring rollups, labels and alerts are kept. On disk: {past.length} day{past.length === 1 ? '' : 's'} of log
          {past.length ? ` (oldest ${past[0].day})` : ''}, {r.partitions.length - past.length} ready ahead, {mib(r.totalBytes)} in all.
        </p>
      )}
    </section>
  );
}
