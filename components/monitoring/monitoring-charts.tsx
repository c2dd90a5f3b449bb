'use client';
// The monitoring charts of one model over the chosen window: drift per feature (feature
// selector; default: the drifted ones), data quality, prediction distribution, latency,
// traffic, and online vs estimated performance. Polls every 15 s.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { MonitoringDriftChart } from '@/components/charts/monitoring-drift-chart';
import { MonitoringLatencyChart } from '@/components/charts/monitoring-latency-chart';
import { MonitoringPerformanceChart } from '@/components/charts/monitoring-performance-chart';
import { MonitoringPredictionChart } from '@/components/charts/monitoring-prediction-chart';
import { MonitoringQualityChart } from '@/components/charts/monitoring-quality-chart';
import { MonitoringTrafficChart } from '@/components/charts/monitoring-traffic-chart';
import { defaultDriftFeatures, prepareDrift, preparePerformance, preparePredictionDrift, preparePredictions, prepareQuality, prepareService, seriesParams, type MonitoringWindow } from '@/components/charts/prepare/monitoring-series';
import { useTRPC } from '@/lib/trpc';

export function MonitoringCharts({ model, version, window: w, driftedNow, threshold, referenceAuc }: { model: string; version?: number; window: MonitoringWindow; driftedNow: string[]; threshold: number; referenceAuc: number | null }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.monitoring.series.queryOptions({ model, version, ...seriesParams(w) }), refetchInterval: 15_000 });
  // null: the user has not chosen, so the default follows the data as it refreshes.
  const [chosen, setChosen] = useState<string[] | null>(null);

  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-sm text-slate-500">Loading charts…</p>;
  const names = q.data.features.map((f) => f.name);
  const buckets = q.data.buckets;
  const shown = chosen ?? defaultDriftFeatures(names, driftedNow, buckets);
  const drift = prepareDrift(buckets, shown, threshold);
  const quality = prepareQuality(buckets, names);
  const service = prepareService(buckets);
  const perf = preparePerformance(buckets);
  // Multiclass / regression: prediction drift per output (class probabilities and the predicted-class mix, or the value).
  const outputDrift = q.data.task !== 'binary' ? preparePredictionDrift(buckets, threshold) : null;

  function toggle(f: string, on: boolean) {
    const next = new Set(shown);
    if (on) next.add(f);
    else next.delete(f);
    setChosen(names.filter((n) => next.has(n)));
  }

  return (
    <section aria-labelledby="charts-title" className="flex flex-col gap-3">
      <h2 id="charts-title" className="text-lg font-semibold">
        Over time <span className="text-sm font-normal text-slate-600">({q.data.bucketMinutes}-minute buckets)</span>
      </h2>
      {names.length > 0 && (
        <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded border border-slate-200 bg-white px-3 py-2 text-sm">
          <legend className="px-1 text-xs font-medium text-slate-600">Features in the drift chart</legend>
          {names.map((f) => (
            <label key={f} className="flex items-center gap-1">
              <input type="checkbox" checked={shown.includes(f)} onChange={(e) => toggle(f, e.target.checked)} />
              {f}
            </label>
          ))}
          {chosen && (
            <button type="button" onClick={() => setChosen(null)} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
              Reset to default
            </button>
          )}
        </fieldset>
      )}
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        {names.length > 0 ? <MonitoringDriftChart points={drift.points} lines={drift.lines} yMax={drift.yMax} threshold={threshold} /> : <p className="text-sm text-slate-600">No reference profile: no drift to chart.</p>}
        <MonitoringPredictionChart points={preparePredictions(buckets)} />
        {outputDrift && (
          <MonitoringDriftChart
            points={outputDrift.points}
            lines={outputDrift.lines}
            yMax={outputDrift.yMax}
            threshold={threshold}
            title="Prediction drift per output"
            note={`PSI against the reference of ${q.data.task === 'multiclass' ? 'each class probability and of the predicted-class mix' : 'the predicted value (its reference deciles)'}; drifted at ${threshold} or more. Gaps: too few rows in the bucket.`}
          />
        )}
        <MonitoringQualityChart points={quality.points} lines={quality.lines} />
        <MonitoringPerformanceChart points={perf.points} yMin={perf.yMin} hasOnline={perf.hasOnline} referenceAuc={referenceAuc} />
        <MonitoringLatencyChart points={service.points} />
        <MonitoringTrafficChart points={service.points} bucketMinutes={q.data.bucketMinutes} />
      </div>
    </section>
  );
}
