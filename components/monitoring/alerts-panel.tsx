'use client';
// Open alerts of one model (severity, message, since, links to the drifted features'
// histograms) and its resolved ones, paged (Newer / Older). Polls every 15 s.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ListPager } from '@/components/table/list-pager';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { AlertActions } from './alert-actions';
import { alertFeatures, monitoringHref } from './format';
import { SeverityBadge } from './severity-badge';
import type { AlertRow } from './types';

const RESOLVED_SHOWN = 10;

function AlertItem({ a, model, windowKey }: { a: AlertRow; model: string; windowKey: string }) {
  const features = alertFeatures(a.alert.detail);
  const canAck = useCan('alert.acknowledge');
  return (
    <li className="flex flex-col gap-1 border-t border-slate-100 px-3 py-2 first:border-t-0" data-testid={`alert-${a.alert.status}`}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <SeverityBadge severity={a.rule.severity} />
        <span className="font-medium">{a.rule.name}</span>
        {a.version !== null && <span className="text-xs text-slate-500">v{a.version}</span>}
      </div>
      <p className="text-sm" data-testid="alert-message">
        {a.alert.message}
      </p>
      <p className="text-xs text-slate-600">
        {a.alert.status === 'firing' ? `firing since ${new Date(a.alert.firedAt).toLocaleString()}` : `fired ${new Date(a.alert.firedAt).toLocaleString()}, resolved ${a.alert.resolvedAt ? new Date(a.alert.resolvedAt).toLocaleString() : '—'}`}
      </p>
      {a.alert.acknowledgedAt && (
        <p className="text-xs text-slate-700" data-testid="alert-acknowledged">
          Acknowledged by {a.acknowledgedBy ?? 'a system actor'} {new Date(a.alert.acknowledgedAt).toLocaleString()}
          {a.alert.ackNote ? `: ${a.alert.ackNote}` : ''}
        </p>
      )}
      {a.silenced && a.alert.silencedUntil && (
        <p className="text-xs text-amber-800" data-testid="alert-silenced">
          Silenced until {new Date(a.alert.silencedUntil).toLocaleString()}
          {a.silencedBy ? ` by ${a.silencedBy}` : ''} (no webhooks)
        </p>
      )}
      {canAck && <AlertActions a={a} />}
      {features.length > 0 && (
        <p className="flex flex-wrap gap-x-3 text-sm">
          {features.map((f) => (
            <Link key={f} href={`${monitoringHref({ model, window: windowKey, feature: f })}#feature-detail`} className="text-brand-700 hover:underline">
              Histogram of {f}
            </Link>
          ))}
        </p>
      )}
    </li>
  );
}

export function AlertsPanel({ model, windowKey }: { model: string; windowKey: string }) {
  const trpc = useTRPC();
  // Two bounded reads, not the newest N of both: a burst of resolved alerts must not push a
  // still-firing one out of the list. Firing is at most one per rule of the model, so one page
  // of 200 holds them (the heading says the total if ever it did not).
  const [resolvedOffset, setResolvedOffset] = useState(0);
  const open = useQuery({ ...trpc.monitoring.alerts.queryOptions({ model, status: 'firing', limit: 200 }), refetchInterval: 15_000 });
  const closed = useQuery({ ...trpc.monitoring.alerts.queryOptions({ model, status: 'resolved', limit: RESOLVED_SHOWN, offset: resolvedOffset }), placeholderData: keepPreviousData, refetchInterval: 15_000 });
  const error = open.error ?? closed.error;
  const firing = open.data?.rows ?? [];
  const resolved = closed.data?.rows ?? [];
  return (
    <section aria-labelledby="alerts-title" className="flex flex-col gap-2">
      <h2 id="alerts-title" className="text-lg font-semibold">
        Alerts
      </h2>
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div className="rounded border border-slate-200 bg-white">
          <h3 className="border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-sm font-medium">Open ({open.data?.total ?? firing.length})</h3>
          {firing.length ? (
            <ul aria-label="Open alerts">
              {firing.map((a) => (
                <AlertItem key={a.alert.id} a={a} model={model} windowKey={windowKey} />
              ))}
            </ul>
          ) : (
            <p className="px-3 py-3 text-sm text-slate-600">{open.data ? 'No alert is firing for this model.' : 'Loading…'}</p>
          )}
        </div>
        <div className="rounded border border-slate-200 bg-white">
          <h3 className="border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-sm font-medium">Resolved</h3>
          {resolved.length ? (
            <ul aria-label="Resolved alerts">
              {resolved.map((a) => (
                <AlertItem key={a.alert.id} a={a} model={model} windowKey={windowKey} />
              ))}
            </ul>
          ) : (
            <p className="px-3 py-3 text-sm text-slate-600">{closed.data ? 'None yet.' : 'Loading…'}</p>
          )}
          <ListPager label="Resolved alerts" offset={resolvedOffset} limit={RESOLVED_SHOWN} total={closed.data?.total} onOffset={setResolvedOffset} />
        </div>
      </div>
    </section>
  );
}
