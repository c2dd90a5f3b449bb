'use client';
// One input's reference vs current histogram for the window, with its drift figures: where an
// alert's drill-down lands (#feature-detail).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { MonitoringHistogramChart } from '@/components/charts/monitoring-histogram-chart';
import { prepareComparedHistogram } from '@/components/charts/prepare/monitoring-histogram';
import { useTRPC } from '@/lib/trpc';
import { fmtPct, fmtStat } from './format';
import { DriftBadge } from './severity-badge';

export function FeatureDetail({ model, version, windowMinutes, feature, chosen }: { model: string; version?: number; windowMinutes: number; feature: string; chosen: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.monitoring.histogram.queryOptions({ model, version, windowMinutes, feature }), refetchInterval: 15_000 });
  const ref = useRef<HTMLElement>(null);
  // A feature picked from an alert or the table is further down the page: bring it into view.
  useEffect(() => {
    if (chosen) ref.current?.scrollIntoView({ block: 'start' });
  }, [chosen, feature]);
  const h = q.data ? prepareComparedHistogram(q.data.bins) : null;
  const w = q.data?.window;
  return (
    <section id="feature-detail" ref={ref} aria-labelledby="feature-detail-title" className="flex scroll-mt-4 flex-col gap-2 rounded border border-slate-200 bg-white p-4">
      <h2 id="feature-detail-title" className="text-lg font-semibold">
        Feature detail: {feature}
      </h2>
      {!chosen && <p className="text-xs text-slate-500">Shown by default (the most drifted input); pick another in the table above.</p>}
      {q.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      {w && (
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="feature-detail-summary">
          {w.status === 'ok' ? (
            <>
              {w.method === 'psi' ? 'PSI' : 'Jensen–Shannon'} {fmtStat(w.statistic)} (threshold {w.threshold}) <DriftBadge drifted={w.drifted} />
            </>
          ) : (
            <span className="text-amber-800">
              not enough data (n {w.nNonMissing} &lt; {w.minRows})
            </span>
          )}
          <span>
            · {w.n.toLocaleString()} rows, missing {fmtPct(w.missingShare)} (reference {fmtPct(w.referenceMissingShare)})
          </span>
          {h?.largestShift && (
            <span>
              · largest change: {h.largestShift.label} ({h.largestShift.change > 0 ? '+' : ''}
              {h.largestShift.change.toFixed(1)} points)
            </span>
          )}
        </p>
      )}
      {h && (h.currentTotal > 0 ? <MonitoringHistogramChart feature={feature} bars={h.bars} /> : <p className="text-sm text-slate-600">No rolled-up values of {feature} in this window yet.</p>)}
      {!q.data && !q.error && <p className="text-sm text-slate-500">Loading…</p>}
    </section>
  );
}
