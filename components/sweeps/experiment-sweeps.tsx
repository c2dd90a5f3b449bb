'use client';
// The sweeps of one experiment, linking to each sweep's page (shown only when there are any).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';

export function ExperimentSweeps({ experimentId }: { experimentId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.sweeps.list.queryOptions({ experimentId }));
  if (!q.data?.length) return null;
  return (
    <section className="mt-4 flex flex-col gap-2" aria-label="Sweeps">
      <h3 className="text-sm font-semibold">Sweeps</h3>
      <ul className="flex flex-col gap-1 text-sm">
        {q.data.map((s) => (
          <li key={s.id}>
            <Link href={`/sweeps/${s.id}`} className="text-brand-700 hover:underline">
              {s.trainer} {s.strategy} sweep of {s.runs} runs, best by {s.metric}
            </Link>{' '}
            <span className="text-slate-500">
              {s.open > 0 ? `${s.open} still queued or running` : 'finished'} · {new Date(s.createdAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
