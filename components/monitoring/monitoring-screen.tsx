'use client';
// /monitoring: one served model (?model=) over one window (?window=): alerts, summary, drift per
// feature with a drill-down (?feature=), charts over time, slices and alert rules. The report
// and alerts poll every 15 s.
import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { MONITORING_WINDOWS, windowFromParam } from '@/components/charts/prepare/monitoring-series';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { AlertsPanel } from './alerts-panel';
import { DriftTable } from './drift-table';
import { FeatureDetail } from './feature-detail';
import { MonitoringCharts } from './monitoring-charts';
import { MonitoringHealth } from './monitoring-health';
import { RulesPanel } from './rules-panel';
import { PredictionDriftTable } from './prediction-drift-table';
import { RunNowButton } from './run-now-button';
import { SlicesPanel } from './slices-panel';
import { SummaryTiles } from './summary-tiles';

/** The demo's model, opened first when it is served. */
const PREFERRED = 'loan-default';
const DRIFT_THRESHOLD = 0.1;

export function MonitoringScreen() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const canRun = useCan('training.run');
  const served = useQuery(trpc.aliases.onCall.queryOptions());
  const models = (served.data ?? []).filter((m) => m.production !== null).map((m) => m.name);
  const model = params.get('model');
  const w = windowFromParam(params.get('window'));
  const feature = params.get('feature');
  const version = Number(params.get('version')) || undefined;

  function setParams(next: Record<string, string | null>) {
    const p = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    router.replace(`${pathname}?${p.toString()}`, { scroll: false });
  }

  // No model chosen: open the demo model, else the first served one.
  useEffect(() => {
    if (!model && models.length) setParams({ model: models.includes(PREFERRED) ? PREFERRED : models[0] });
    // Keyed on the list's content (a new array each render), so it runs when the served list arrives.
  }, [model, models.join('\n')]);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="flex flex-wrap items-end gap-4">
          <div className="flex flex-col gap-1 text-sm">
            {/* A separate label: one wrapping the select would take the option texts into its name. */}
            <label htmlFor="monitoring-model">Model</label>
            <select id="monitoring-model" value={model ?? ''} onChange={(e) => setParams({ model: e.target.value, feature: null, version: null })} className="min-w-48 rounded border border-slate-300 px-2 py-1">
              {!model && <option value="">{served.data ? 'no served model' : 'loading…'}</option>}
              {model && !models.includes(model) && <option value={model}>{model}</option>}
              {models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="flex flex-col gap-1 text-sm">
            <legend className="mb-1">Window</legend>
            <div className="flex overflow-hidden rounded border border-slate-300">
              {MONITORING_WINDOWS.map((x) => (
                <label key={x.key} className={`cursor-pointer px-3 py-1 has-[:focus-visible]:outline-2 ${x.key === w.key ? 'bg-brand-600 text-white' : 'bg-white hover:bg-slate-100'}`}>
                  <input type="radio" name="window" value={x.key} checked={x.key === w.key} onChange={() => setParams({ window: x.key })} className="sr-only" />
                  {x.label}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        {canRun && <RunNowButton />}
      </div>
      {served.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {served.error.message}
        </p>
      )}
      {served.data && models.length === 0 && !model && <p className="text-slate-600">No model has a production version yet: promote one on its model page, and send it traffic.</p>}
      {model && <ModelMonitoring key={model} model={model} windowKey={w.key} feature={feature} version={version} onVersion={(v) => setParams({ version: v === undefined ? null : String(v), feature: null })} />}
    </div>
  );
}

function ModelMonitoring({ model, windowKey, feature, version, onVersion }: { model: string; windowKey: string; feature: string | null; version?: number; onVersion: (v: number | undefined) => void }) {
  const trpc = useTRPC();
  const w = windowFromParam(windowKey);
  // Any version's history stays reachable (?version=N); without one, the production version's.
  const versions = useQuery(trpc.models.get.queryOptions({ name: model }));
  const q = useQuery({ ...trpc.monitoring.report.queryOptions({ model, windowMinutes: w.minutes, version }), refetchInterval: 15_000 });
  const r = q.data;
  const names = r?.features.map((f) => f.feature) ?? [];
  // Without a choice, the detail shows the most drifted input (the first feature when none is measured).
  const fallback = r ? ([...r.features].filter((f) => f.statistic !== null).sort((a, b) => (b.statistic ?? 0) - (a.statistic ?? 0))[0]?.feature ?? names[0] ?? null) : null;
  const detail = feature && (!r || names.includes(feature)) ? feature : fallback;
  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor="monitoring-version">Version</label>
        <select id="monitoring-version" value={version ?? ''} onChange={(e) => onVersion(e.target.value ? Number(e.target.value) : undefined)} className="w-64 rounded border border-slate-300 px-2 py-1">
          <option value="">production (now)</option>
          {versions.data?.versions.map((v) => (
            <option key={v.id} value={v.version}>
              v{v.version}
            </option>
          ))}
        </select>
      </div>
      <MonitoringHealth model={model} />
      <AlertsPanel model={model} windowKey={w.key} />
      {q.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      {!r && !q.error && <p className="text-sm text-slate-500">Loading report…</p>}
      {r && (
        <>
          <section aria-labelledby="summary-title" className="flex flex-col gap-2">
            <h2 id="summary-title" className="text-lg font-semibold">
              Last {w.label} <span className="text-sm font-normal text-slate-600">({version ? `v${r.version}` : `v${r.version} in production`}; late predictions are counted in the minute they were made)</span>
            </h2>
            <SummaryTiles r={r} />
          </section>
          {r.task !== 'binary' && <PredictionDriftTable r={r} />}
          <DriftTable r={r} windowKey={w.key} selected={detail} />
          {detail && <FeatureDetail model={model} version={version} windowMinutes={w.minutes} feature={detail} chosen={detail === feature} />}
          <MonitoringCharts model={model} version={version} window={w} driftedNow={r.drift?.driftedFeatures ?? []} threshold={r.features[0]?.threshold ?? DRIFT_THRESHOLD} referenceAuc={r.estimate.referenceAuc} />
          <SlicesPanel model={model} version={version} windowMinutes={w.minutes} categorical={r.features.filter((f) => f.type === 'categorical').map((f) => f.feature)} />
          <RulesPanel model={model} task={r.task} features={names} />
        </>
      )}
    </div>
  );
}
