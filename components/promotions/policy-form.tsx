'use client';
// The model's promotion policy (policy.manage): protected aliases, sensitive attributes, overall
// and per-slice gates, shadow agreement thresholds and the default rollout plan. Read-only for
// other roles (every control visibly disabled); a save says so and when.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { fromGateRows, GatesEditor, OVERALL_GATE_METRICS, SLICE_GATE_METRICS, toGateRows, type GateRow } from './gates-editor';
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
  const [protectedAliases, setProtected] = useState(policy.protectedAliases.join(', '));
  const [shadow, setShadow] = useState<Record<keyof Policy['shadowThresholds'], string>>({
    min_pairs: String(policy.shadowThresholds.min_pairs),
    min_agreement: String(policy.shadowThresholds.min_agreement),
    min_correlation: String(policy.shadowThresholds.min_correlation),
    max_distance: String(policy.shadowThresholds.max_distance),
  });
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const save = useMutation(
    trpc.evaluations.setPolicy.mutationOptions({
      onSuccess: () => {
        setSavedAt(new Date());
        return qc.invalidateQueries({ queryKey: trpc.evaluations.policy.queryKey({ model }) });
      },
    }),
  );

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const o = fromGateRows(overall, 'Overall');
    const s = fromGateRows(slice, 'Slice');
    const p = rowsToPlan(plan);
    const t = shadowThresholds(shadow);
    const problem = 'error' in o ? o.error : 'error' in s ? s.error : 'error' in p ? p.error : 'error' in t ? t.error : null;
    setError(problem);
    setSavedAt(null);
    if ('error' in o || 'error' in s || 'error' in p || 'error' in t) return;
    const sensitiveAttributes = attrs
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const aliases = protectedAliases
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    save.mutate({ model, sensitiveAttributes, gates: { overall: o.gates, slice: s.gates }, rolloutPlan: p.plan, protectedAliases: aliases, shadowThresholds: t.thresholds, reason: reason.trim() || undefined });
  }

  return (
    <form aria-label="Promotion policy" onSubmit={submit} className="flex flex-col gap-4 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">Policy</h2>
      {!canEdit && <p className="text-sm text-slate-600">Only an admin (policy.manage) changes the policy; you can read it here.</p>}
      <fieldset disabled={!canEdit} className="flex flex-col gap-4">
        <label className="flex flex-col gap-1 text-sm">
          Protected aliases (comma-separated; they move only through an approved promotion request or an admin&apos;s break-glass)
          <input value={protectedAliases} onChange={(e) => setProtected(e.target.value)} className={INPUT} data-testid="protected-aliases" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Sensitive attributes (golden-set columns, comma-separated)
          <input value={attrs} onChange={(e) => setAttrs(e.target.value)} className={INPUT} />
        </label>
        {policy.task !== 'binary' && (
          <p className="text-sm text-slate-600" data-testid="policy-task">
            Gates for a {policy.task} model: overall on {OVERALL_GATE_METRICS[policy.task].join(', ')}; per slice on {SLICE_GATE_METRICS[policy.task].join(', ')}. No four-fifths disparity gate: the fairness report shows the gaps between groups.
          </p>
        )}
        <GatesEditor legend="Overall gate" rows={overall} onChange={setOverall} max={10} metrics={OVERALL_GATE_METRICS[policy.task]} />
        <GatesEditor legend="Slice gate" rows={slice} onChange={setSlice} max={5} metrics={SLICE_GATE_METRICS[policy.task]} />
        <fieldset className="flex flex-wrap gap-3 text-sm">
          <legend className="mb-1 font-medium">Shadow agreement (the shadow evidence item passes only when all hold)</legend>
          {SHADOW_FIELDS.map(([k, label]) => (
            <label key={k} className="flex flex-col gap-1">
              {label}
              <input value={shadow[k]} onChange={(e) => setShadow({ ...shadow, [k]: e.target.value })} inputMode="decimal" className={`w-32 ${INPUT}`} />
            </label>
          ))}
        </fieldset>
        <PlanEditor label="Default rollout plan" rows={plan} onChange={setPlan} />
        <label className="flex flex-col gap-1 text-sm">
          Why this change (recorded in the audit log)
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} className={INPUT} />
        </label>
        {canEdit && (
          <div>
            <button type="submit" disabled={save.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
              {save.isPending ? 'Saving…' : 'Save policy'}
            </button>
          </div>
        )}
      </fieldset>
      {savedAt && !save.isPending && (
        <p role="status" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Policy saved at {savedAt.toLocaleTimeString()}; the change is in the audit log.
        </p>
      )}
      {(error || save.error) && (
        <p role="alert" className="text-sm text-red-700">
          {error ?? save.error?.message}
        </p>
      )}
    </form>
  );
}

const INPUT = 'rounded border border-slate-300 px-2 py-1 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-400';

const SHADOW_FIELDS: [keyof Policy['shadowThresholds'], string][] = [
  ['min_pairs', 'Paired requests needed'],
  ['min_agreement', 'Same decisions at least (0–1)'],
  ['min_correlation', 'Score correlation at least (−1–1)'],
  ['max_distance', 'Score distribution distance at most (0–1)'],
];

function shadowThresholds(raw: Record<keyof Policy['shadowThresholds'], string>): { thresholds: Policy['shadowThresholds'] } | { error: string } {
  const n = (k: keyof Policy['shadowThresholds']) => (raw[k].trim() === '' ? NaN : Number(raw[k]));
  const t = { min_pairs: n('min_pairs'), min_agreement: n('min_agreement'), min_correlation: n('min_correlation'), max_distance: n('max_distance') };
  if (!Number.isInteger(t.min_pairs) || t.min_pairs < 1) return { error: 'Shadow: paired requests needed must be a whole number ≥ 1.' };
  if (!(t.min_agreement >= 0 && t.min_agreement <= 1)) return { error: 'Shadow: same decisions must be between 0 and 1.' };
  if (!(t.min_correlation >= -1 && t.min_correlation <= 1)) return { error: 'Shadow: score correlation must be between −1 and 1.' };
  if (!(t.max_distance >= 0 && t.max_distance <= 1)) return { error: 'Shadow: the distribution distance must be between 0 and 1.' };
  return { thresholds: t };
}
