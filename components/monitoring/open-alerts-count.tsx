'use client';
// "N open alerts" for one model, linking to its monitoring view. Shares the console banner's
// query (same input), so a table of models costs one request; only when more alerts fire than
// that page holds does it ask for this model's count itself.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { FIRING_PAGE } from './firing-alerts';
import { monitoringHref } from './format';

export function OpenAlertsCount({ model }: { model: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.monitoring.alerts.queryOptions(FIRING_PAGE), refetchInterval: 30_000 });
  const partial = !!q.data && q.data.total > q.data.rows.length;
  const own = useQuery({ ...trpc.monitoring.alerts.queryOptions({ model, status: 'firing', limit: 1 }), enabled: partial, refetchInterval: 30_000 });
  const n = partial ? own.data?.total : q.data?.rows.filter((a) => a.model === model).length;
  if (n === undefined) return <span className="text-slate-400">…</span>;
  return (
    <Link href={monitoringHref({ model })} className={n ? 'font-medium text-red-700 hover:underline' : 'text-brand-700 hover:underline'} data-testid="on-call-open-alerts">
      {n ? `${n} open` : 'none'}
      <span className="sr-only"> alerts of {model}</span>
    </Link>
  );
}
