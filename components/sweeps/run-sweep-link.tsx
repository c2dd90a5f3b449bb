'use client';
// On a run's page: a link to the sweep that created the run, if one did.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';

export function RunSweepLink({ runId }: { runId: string }) {
  const trpc = useTRPC();
  // The same query (and cache entry) as the run screen's.
  const q = useQuery(trpc.runs.get.queryOptions({ id: runId }));
  const sweepId = q.data?.run.sweepId;
  if (!sweepId) return null;
  return (
    <p className="mb-3 text-sm">
      Part of a{' '}
      <Link href={`/sweeps/${sweepId}`} className="text-brand-700 hover:underline">
        hyper-parameter sweep
      </Link>{' '}
      (point {(q.data?.run.sweepIndex ?? 0) + 1}).
    </p>
  );
}
