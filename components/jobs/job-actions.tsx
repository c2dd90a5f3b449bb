'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { isLive } from './job-target';

/** Cancel (queued/running) and Retry (failed/cancelled) for users who may run jobs. */
export function JobActions({ job }: { job: { id: string; status: string; title: string; cancelRequestedAt: Date | string | null } }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: trpc.jobs.get.queryKey() }), qc.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() })]);
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions({ onSettled: refresh }));
  const retry = useMutation(trpc.jobs.retry.mutationOptions({ onSettled: refresh }));
  const error = cancel.error ?? retry.error;
  const canRetry = job.status === 'failed' || job.status === 'cancelled';
  // A running job stops at its next check; until then it shows as running with a request pending.
  const cancelRequested = job.status === 'running' && job.cancelRequestedAt !== null;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        {isLive(job.status) && (
          <button
            type="button"
            disabled={cancel.isPending || cancelRequested}
            onClick={() => cancel.mutate({ jobId: job.id })}
            className="rounded border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50"
          >
            {cancelRequested ? 'Cancel requested…' : 'Cancel job'}
          </button>
        )}
        {canRetry && (
          <button
            type="button"
            disabled={retry.isPending}
            onClick={() => retry.mutate({ jobId: job.id })}
            className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50"
          >
            Retry job
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
