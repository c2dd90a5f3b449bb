'use client';
// While a run is queued: says when no worker able to take it is online (a GPU trainer's run with
// no GPU worker would otherwise just sit at "queued").
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

export function WorkerWaitNotice({ jobId, status }: { jobId: string; status: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.workers.placement.queryOptions({ jobId }, { enabled: status === 'queued', refetchInterval: 3000 }));
  if (status !== 'queued' || !q.data?.waiting) return null;
  return (
    <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="run-waiting">
      {q.data.waiting[0].toUpperCase() + q.data.waiting.slice(1)}.
    </p>
  );
}
