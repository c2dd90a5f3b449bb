'use client';
// Create or edit one alert rule (policy.manage). The server validates again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { METRIC_KEYS, metricFits, PER_FEATURE, PER_SLICE, RULE_METRICS, SYSTEM_METRICS } from './rule-metrics';
import type { ModelTask } from '@/server/ml/monitoring/metric-tasks';
import type { AlertRuleRow } from './types';

const input = 'rounded border border-slate-300 px-2 py-1';

export function RuleForm({ model, task, rule, features, onDone }: { model: string; task: ModelTask; rule: AlertRuleRow | null; features: string[]; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [metric, setMetric] = useState<string>(rule?.metric ?? 'feature_drift');
  // Slice rules name a slice column (the model's configured ones) instead of a feature.
  const sliceColumns = useQuery(trpc.monitoring.sliceColumns.queryOptions({ model }));
  const perSlice = PER_SLICE.has(metric);
  const choices = perSlice ? [...new Set([...(sliceColumns.data ?? []), ...(rule?.feature ? [rule.feature] : [])])] : features;
  const save = useMutation(
    trpc.monitoring.saveRule.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.monitoring.rules.queryKey({ model }) });
        onDone();
      },
    }),
  );

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const feature = String(f.get('feature') ?? '');
    save.mutate({
      model,
      id: rule?.id,
      name: String(f.get('name')),
      metric: metric as (typeof METRIC_KEYS)[number],
      feature: (PER_FEATURE.has(metric) || perSlice) && feature ? feature : null,
      direction: f.get('direction') === 'below' ? 'below' : 'above',
      threshold: Number(f.get('threshold')),
      windowMinutes: Number(f.get('windowMinutes')),
      minSamples: Number(f.get('minSamples')),
      severity: String(f.get('severity')) as 'info' | 'warning' | 'critical',
      enabled: f.get('enabled') === 'on',
    });
  }

  const title = rule ? `Edit rule “${rule.name}”` : 'New alert rule';
  return (
    <form onSubmit={onSubmit} aria-label={title} className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <h3 className="font-medium">{title}</h3>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          Rule name
          <input name="name" required maxLength={200} defaultValue={rule?.name ?? ''} className={`${input} w-72`} />
        </label>
        <label className="flex flex-col gap-1">
          Metric
          <select name="metric" value={metric} onChange={(e) => setMetric(e.target.value)} className={input}>
            {/* Only the metrics that fit the model's task (server/ml/monitoring/metric-tasks.ts). */}
            {METRIC_KEYS.filter((m) => ((!SYSTEM_METRICS.has(m) && metricFits(m, task)) || m === rule?.metric)).map((m) => (
              <option key={m} value={m}>
                {m} — {RULE_METRICS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          {perSlice ? 'Slice column' : 'Feature'}
          <select key={perSlice ? 'slice' : 'feature'} name="feature" defaultValue={rule?.feature ?? ''} disabled={!PER_FEATURE.has(metric) && !perSlice} className={`${input} disabled:opacity-50`}>
            <option value="">{perSlice ? 'every slice column' : 'any feature'}</option>
            {choices.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Direction
          <select name="direction" defaultValue={rule?.direction ?? 'above'} className={input}>
            <option value="above">at or above</option>
            <option value="below">at or below</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Threshold
          <input name="threshold" type="number" step="any" required defaultValue={rule?.threshold ?? 0.1} className={`${input} w-28`} />
        </label>
        <label className="flex flex-col gap-1">
          Window (minutes)
          <input name="windowMinutes" type="number" min={1} max={10080} step={1} required defaultValue={rule?.windowMinutes ?? 30} className={`${input} w-28`} />
        </label>
        <label className="flex flex-col gap-1">
          Minimum sample
          <input name="minSamples" type="number" min={1} step={1} required defaultValue={rule?.minSamples ?? 100} className={`${input} w-28`} />
        </label>
        <label className="flex flex-col gap-1">
          Severity
          <select name="severity" defaultValue={rule?.severity ?? 'warning'} className={input}>
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </select>
        </label>
        <label className="flex items-center gap-2 self-center">
          <input name="enabled" type="checkbox" defaultChecked={rule?.enabled ?? true} />
          Enabled
        </label>
      </div>
      {save.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {save.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" disabled={save.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Save rule
        </button>
        <button type="button" onClick={onDone} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
          Cancel
        </button>
      </div>
    </form>
  );
}
