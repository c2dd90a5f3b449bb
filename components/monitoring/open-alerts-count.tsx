'use client';
// "N open alerts" for one model, linking to its monitoring view. Shares the console banner's
// query (same input), so a table of models costs one request.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { monitoringHref } from './format';

export function OpenAlertsCount({ model }: { model: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.monitoring.alerts.queryOptions({ status: 'firing' }), refetchInterval: 30_000 });
  if (!q.data) return <span className="text-slate-400">…</span>;
  const n = q.data.filter((a) => a.model === model).length;
  return (
    <Link href={monitoringHref({ model })} className={n ? 'font-medium text-red-700 hover:underline' : 'text-brand-700 hover:underline'} data-testid="on-call-open-alerts">
      {n ? `${n} open` : 'none'}
      <span className="sr-only"> alerts of {model}</span>
    </Link>
  );
}
