'use client';
// The model's alert rules; users with policy.manage edit them or add new ones.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { RuleForm } from './rule-form';
import type { ModelTask } from '@/server/ml/monitoring/metric-tasks';
import { SeverityBadge } from './severity-badge';

export function RulesPanel({ model, task, features }: { model: string; task: ModelTask; features: string[] }) {
  const trpc = useTRPC();
  const canEdit = useCan('policy.manage');
  const q = useQuery(trpc.monitoring.rules.queryOptions({ model }));
  // undefined: no form; null: a new rule; a string: the id of the rule being edited.
  const [editing, setEditing] = useState<string | null | undefined>(undefined);
  const rule = editing ? (q.data?.find((r) => r.id === editing) ?? null) : null;
  return (
    <section aria-labelledby="rules-title" className="flex flex-col gap-2">
      <div className="flex items-center gap-3">
        <h2 id="rules-title" className="text-lg font-semibold">
          Alert rules
        </h2>
        {canEdit && editing === undefined && (
          <button type="button" onClick={() => setEditing(null)} className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100">
            New rule
          </button>
        )}
      </div>
      <p className="text-sm text-slate-600">Rules are evaluated on every monitoring pass (each minute). A window with fewer rows than the rule’s minimum sample keeps the alert’s state instead of firing or resolving on noise.</p>
      {q.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      {canEdit && editing !== undefined && <RuleForm key={editing ?? 'new'} model={model} task={task} rule={rule} features={features} onDone={() => setEditing(undefined)} />}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Alert rules of {model}</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Rule</th>
              <th scope="col" className="px-3 py-2">Metric</th>
              <th scope="col" className="px-3 py-2">Condition</th>
              <th scope="col" className="px-3 py-2">Window</th>
              <th scope="col" className="px-3 py-2">Min. sample</th>
              <th scope="col" className="px-3 py-2">Severity</th>
              <th scope="col" className="px-3 py-2">Enabled</th>
              {canEdit && <th scope="col" className="px-3 py-2">Edit</th>}
            </tr>
          </thead>
          <tbody>
            {q.data?.map((r) => (
              <tr key={r.id} className="border-t border-slate-100" data-testid="rule-row">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {r.name}
                  {r.isDefault && <span className="ml-1 text-xs font-normal text-slate-500">(default)</span>}
                </th>
                <td className="px-3 py-2 font-mono text-xs">
                  {r.metric}
                  {r.feature ? ` (${r.feature})` : ''}
                </td>
                <td className="px-3 py-2">
                  {r.direction === 'above' ? '≥' : '≤'} {r.threshold}
                </td>
                <td className="px-3 py-2">{r.windowMinutes} min</td>
                <td className="px-3 py-2 tabular-nums">{r.minSamples}</td>
                <td className="px-3 py-2">
                  <SeverityBadge severity={r.severity} />
                </td>
                <td className="px-3 py-2">{r.enabled ? 'yes' : 'no'}</td>
                {canEdit && (
                  <td className="px-3 py-2">
                    <button type="button" onClick={() => setEditing(r.id)} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
                      Edit {r.name}
                    </button>
                  </td>
                )}
              </tr>
            ))}
            {q.data && q.data.length === 0 && (
              <tr>
                <td colSpan={canEdit ? 8 : 7} className="px-3 py-6 text-center text-slate-500">
                  No rules yet: the first monitoring pass creates the defaults.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
