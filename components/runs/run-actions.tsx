'use client';
// Cancel (queued/running), Retry (failed/cancelled: the same job again), Reproduce (a new run
// from the recorded lineage). Shown only to roles that may run training.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/lib/trpc';
import type { RunDetail } from './run-types';

const btn = 'rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50';

export function RunActions({ detail }: { detail: RunDetail }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const { run } = detail;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: run.id }) });
    void qc.invalidateQueries({ queryKey: trpc.jobs.get.queryKey() });
  };
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions({ onSuccess: refresh }));
  const retry = useMutation(trpc.jobs.retry.mutationOptions({ onSuccess: refresh }));
  const reproduce = useMutation(trpc.runs.reproduce.mutationOptions({ onSuccess: (r) => router.push(`/runs/${r.id}`) }));
  const error = cancel.error ?? retry.error ?? reproduce.error;
  const active = run.status === 'queued' || run.status === 'running';
  const ended = run.status === 'failed' || run.status === 'cancelled';

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {active && run.jobId && (
          <button type="button" className={btn} disabled={cancel.isPending} onClick={() => cancel.mutate({ jobId: run.jobId! })}>
            Cancel run
          </button>
        )}
        {ended && run.jobId && (
          <button type="button" className={btn} disabled={retry.isPending} onClick={() => retry.mutate({ jobId: run.jobId! })}>
            Retry run
          </button>
        )}
        {/* A run trained outside Vigil has no training code here to re-run. */}
        {run.source !== 'external' && (
          <button type="button" className={btn} disabled={reproduce.isPending} onClick={() => reproduce.mutate({ runId: run.id })}>
            Reproduce run
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
    </div>
  );
}
