'use client';
// "Request promotion": model, version, target, a note (required), and optionally a rollout plan
// other than the model's default. On success the request's page opens.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ChoiceSearch, useNameChoices } from '@/components/ui/name-choices';
import { useTRPC } from '@/lib/trpc';
import { DEFAULT_PLAN, planSummary, planToRows, rowsToPlan, type PlanRow } from './plan';
import { PlanEditor } from './plan-editor';

export function RequestForm({ initialModel, initialVersion }: { initialModel?: string | null; initialVersion?: number | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [model, setModel] = useState(initialModel ?? '');
  const models = useNameChoices('models', model);
  const [version, setVersion] = useState(initialVersion ? String(initialVersion) : '');
  const versions = useQuery({ ...trpc.models.get.queryOptions({ name: model }), enabled: !!model });
  const policy = useQuery({ ...trpc.evaluations.policy.queryOptions({ model }), enabled: !!model });
  const [custom, setCustom] = useState(false);
  const [rows, setRows] = useState<PlanRow[]>(planToRows(DEFAULT_PLAN));
  const [planError, setPlanError] = useState<string | null>(null);
  const request = useMutation(
    trpc.promotions.request.mutationOptions({
      onSuccess: async (r) => {
        await qc.invalidateQueries({ queryKey: trpc.promotions.page.queryKey() });
        router.push(`/promotions/${r.id}`);
      },
    }),
  );

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    let plan;
    if (custom) {
      const parsed = rowsToPlan(rows);
      if ('error' in parsed) {
        setPlanError(parsed.error);
        return;
      }
      plan = parsed.plan;
    }
    setPlanError(null);
    request.mutate({ model, version: Number(version), target: f.get('target') === 'canary' ? 'canary' : 'production', note: String(f.get('note') ?? ''), plan });
  }

  const defaultPlan = policy.data?.rolloutPlan ?? DEFAULT_PLAN;
  return (
    <form onSubmit={submit} aria-label="Request promotion" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">Request promotion</h2>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Model
          <select
            name="model"
            required
            value={model}
            onChange={(e) => {
              setModel(e.target.value);
              setVersion('');
            }}
            className="min-w-48 rounded border border-slate-300 px-2 py-1"
          >
            <option value="">choose a model</option>
            {models.names.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <ChoiceSearch choices={models} className="pb-1" />
        <label className="flex flex-col gap-1 text-sm">
          Version
          <select name="version" required value={version} onChange={(e) => setVersion(e.target.value)} disabled={!model} className="rounded border border-slate-300 px-2 py-1">
            <option value="">choose</option>
            {version && !versions.data?.versions.some((v) => String(v.version) === version) && <option value={version}>v{version}</option>}
            {versions.data?.versions.map((v) => (
              <option key={v.id} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Target
          <select name="target" defaultValue="production" className="rounded border border-slate-300 px-2 py-1">
            <option value="production">production (canary rollout)</option>
            <option value="canary">canary only (first step)</option>
          </select>
        </label>
      </div>
      <label className="flex flex-col gap-1 text-sm">
        Note (required: why this version should ship)
        <textarea name="note" required rows={3} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={custom} onChange={(e) => setCustom(e.target.checked)} />
        Use a rollout plan other than the model&apos;s default ({planSummary(defaultPlan)})
      </label>
      {custom && <PlanEditor rows={rows} onChange={setRows} />}
      {planError && (
        <p role="alert" className="text-sm text-red-700">
          {planError}
        </p>
      )}
      {request.error && (
        <p role="alert" className="text-sm text-red-700">
          {request.error.message}
        </p>
      )}
      <div>
        <button type="submit" disabled={request.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Request promotion
        </button>
      </div>
    </form>
  );
}
