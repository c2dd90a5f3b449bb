'use client';
// The console-wide alert bar: while any monitoring alert is firing, every page says so and
// links to the model's monitoring view. Polls every 30 s.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { FIRING_PAGE } from '@/components/monitoring/firing-alerts';
import { bannerText, monitoringHref } from '@/components/monitoring/format';
import { useTRPC } from '@/lib/trpc';

export function AlertBanner() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.monitoring.alerts.queryOptions(FIRING_PAGE), refetchInterval: 30_000 });
  const firing = q.data?.rows ?? [];
  if (!firing.length) return null;
  // Newest first (the query's order); critical ones lead. The count is the total, not the page.
  const first = firing.find((a) => a.rule.severity === 'critical') ?? firing[0];
  const models = new Set(firing.map((a) => a.model));
  return (
    <div role="alert" className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-red-300 bg-red-50 px-6 py-2 text-sm text-red-900" data-testid="alert-banner">
      <Link href={monitoringHref({ model: first.model })} className="font-medium text-red-900 underline hover:no-underline">
        {bannerText(q.data?.total ?? firing.length, first.alert.message)}
      </Link>
      <span className="text-xs">{models.size > 1 ? `${models.size} models affected; this one is ${first.model}` : first.model}</span>
    </div>
  );
}
