'use client';
// The model's promotion policy (policy.manage): sensitive attributes, overall and per-slice
// gates, and the default rollout plan.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { fromGateRows, GatesEditor, toGateRows, type GateRow } from './gates-editor';
import { planToRows, rowsToPlan, type PlanRow } from './plan';
import { PlanEditor } from './plan-editor';
import type { Policy } from './types';

export function PolicyForm({ model, policy, canEdit }: { model: string; policy: Policy; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [attrs, setAttrs] = useState(policy.sensitiveAttributes.join(', '));
  const [overall, setOverall] = useState<GateRow[]>(toGateRows(policy.gates.overall));
  const [slice, setSlice] = useState<GateRow[]>(toGateRows(policy.gates.slice));
  const [plan, setPlan] = useState<PlanRow[]>(planToRows(policy.rolloutPlan));
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(trpc.evaluations.setPolicy.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.evaluations.policy.queryKey({ model }) }) }));

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const o = fromGateRows(overall, 'Overall');
    const s = fromGateRows(slice, 'Slice');
    const p = rowsToPlan(plan);
    const problem = 'error' in o ? o.error : 'error' in s ? s.error : 'error' in p ? p.error : null;
    setError(problem);
    if ('error' in o || 'error' in s || 'error' in p) return;
    const sensitiveAttributes = attrs
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    save.mutate({ model, sensitiveAttributes, gates: { overall: o.gates, slice: s.gates }, rolloutPlan: p.plan });
  }

  return (
    <form aria-label="Promotion policy" onSubmit={submit} className="flex flex-col gap-4 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">Policy</h2>
      {!canEdit && <p className="text-sm text-slate-600">Only an admin (policy.manage) changes the policy; you can read it here.</p>}
      <fieldset disabled={!canEdit} className="flex flex-col gap-4">
        <label className="flex flex-col gap-1 text-sm">
          Sensitive attributes (golden-set columns, comma-separated)
          <input value={attrs} onChange={(e) => setAttrs(e.target.value)} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <GatesEditor legend="Overall gate" rows={overall} onChange={setOverall} max={10} />
        <GatesEditor legend="Slice gate" rows={slice} onChange={setSlice} max={5} />
        <PlanEditor label="Default rollout plan" rows={plan} onChange={setPlan} />
        <div>
          <button type="submit" disabled={save.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
            Save policy
          </button>
        </div>
      </fieldset>
      {save.isSuccess && <p role="status" className="text-sm text-emerald-800">Policy saved.</p>}
      {(error || save.error) && (
        <p role="alert" className="text-sm text-red-700">
          {error ?? save.error?.message}
        </p>
      )}
    </form>
  );
}
