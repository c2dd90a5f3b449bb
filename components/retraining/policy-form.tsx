'use client';
// Propose (or change) the model's retraining policy: the training data (a chosen dataset version,
// or built from the labelled prediction log), validation, automatic promotion and the guardrails.
// Saving sends the policy back to "proposed": an approver or admin enables what was proposed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ChoiceSearch, useNameChoices } from '@/components/ui/name-choices';
import { useTRPC } from '@/lib/trpc';

type Current = { cooldownMinutes: number; maxPerDay: number; minLabelledRows: number; scheduleCron: string | null; onAlertRuleId: string | null; dataSource: 'dataset' | 'predictions'; windowDays: number | null; appendToIncumbent: boolean; includeBatch: boolean; outOfTimeValidationPct: number | null; autoPromote: boolean };

export function RetrainPolicyForm({ model, current }: { model: string; current: Current | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [dataset, setDataset] = useState('');
  const datasets = useNameChoices('datasets', dataset);
  const [versionId, setVersionId] = useState('');
  const [cooldown, setCooldown] = useState(String(current?.cooldownMinutes ?? 60));
  const [maxPerDay, setMaxPerDay] = useState(String(current?.maxPerDay ?? 4));
  const [minRows, setMinRows] = useState(String(current?.minLabelledRows ?? 100));
  const [cron, setCron] = useState(current?.scheduleCron ?? '');
  const [ruleId, setRuleId] = useState(current?.onAlertRuleId ?? '');
  const [source, setSource] = useState<'dataset' | 'predictions'>(current?.dataSource ?? 'dataset');
  const [windowDays, setWindowDays] = useState(String(current?.windowDays ?? 7));
  const [append, setAppend] = useState(current?.appendToIncumbent ?? false);
  const [batch, setBatch] = useState(current?.includeBatch ?? false);
  const [oot, setOot] = useState(current?.outOfTimeValidationPct ? String(current.outOfTimeValidationPct) : '');
  const [autoPromote, setAutoPromote] = useState(current?.autoPromote ?? false);
  const fromPredictions = source === 'predictions';
  const rules = useQuery(trpc.monitoring.rules.queryOptions({ model }));
  const versions = useQuery({ ...trpc.datasets.get.queryOptions({ name: dataset }), enabled: !!dataset });
  const save = useMutation(trpc.retraining.propose.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.retraining.policy.queryKey({ model }) }) }));
  const field = 'flex flex-col gap-1 text-sm';
  const input = 'rounded border border-slate-300 px-2 py-1';
  return (
    <form
      aria-label="Propose retraining policy"
      className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const data = fromPredictions
          ? { dataSource: source, windowDays: Number(windowDays), appendToIncumbent: append, includeBatch: batch, outOfTimeValidationPct: oot ? Number(oot) : null }
          : { dataSource: source, datasetVersionId: versionId };
        save.mutate({ model, ...data, autoPromote, cooldownMinutes: Number(cooldown), maxPerDay: Number(maxPerDay), minLabelledRows: Number(minRows), scheduleCron: cron.trim() || null, onAlertRuleId: ruleId || null });
      }}
    >
      <h2 className="text-lg font-semibold">{current ? 'Change the policy' : 'Propose a policy'}</h2>
      <p className="text-sm text-slate-600">The retrain uses the production version&apos;s trainer, feature spec, parameters and target on the data chosen here. Built from predictions: the labelled predictions of the window before each retrain, in production&apos;s training columns; golden-set rows are left out. Automatic promotion skips the approver&apos;s decision on each candidate (enabling this policy is that decision); canary analysis and automatic rollback still apply. Saving needs an approver or admin to enable the policy again.</p>
      <div className="flex flex-wrap items-end gap-3">
        <label className={field}>
          Training data
          <select value={source} onChange={(e) => setSource(e.target.value as 'dataset' | 'predictions')} className={input}>
            <option value="dataset">a dataset version</option>
            <option value="predictions">built from labelled predictions</option>
          </select>
        </label>
        {fromPredictions ? (
          <>
            <label className={field}>
              Window (days)
              <input type="number" min={1} max={365} value={windowDays} onChange={(e) => setWindowDays(e.target.value)} required className={`w-24 ${input}`} />
            </label>
            <label className="flex items-center gap-1 text-sm">
              <input type="checkbox" checked={append} onChange={(e) => setAppend(e.target.checked)} />
              Append to production&apos;s training data
            </label>
            <label className="flex items-center gap-1 text-sm">
              <input type="checkbox" checked={batch} onChange={(e) => setBatch(e.target.checked)} />
              Include batch scores
            </label>
            <label className={field}>
              Out-of-time validation (% latest; optional)
              <input type="number" min={5} max={50} value={oot} onChange={(e) => setOot(e.target.value)} placeholder="random split" className={`w-32 ${input}`} />
            </label>
          </>
        ) : (
          <>
        <label className={field}>
          Dataset
          <select value={dataset} onChange={(e) => { setDataset(e.target.value); setVersionId(''); }} required className={`min-w-48 ${input}`}>
            <option value="">choose a dataset</option>
            {datasets.names.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
        <ChoiceSearch choices={datasets} className="self-end pb-1" />
        <label className={field}>
          Dataset version
          <select value={versionId} onChange={(e) => setVersionId(e.target.value)} disabled={!dataset} required className={input}>
            <option value="">choose a version</option>
            {versions.data?.versions.map((v) => <option key={v.id} value={v.id}>{new Date(v.createdAt).toLocaleString()} · {v.filename} · {v.rowCount ?? '?'} rows · {v.sha256.slice(0, 8)}</option>)}
          </select>
        </label>
          </>
        )}
        <label className={field}>
          Cooldown (minutes)
          <input type="number" min={0} value={cooldown} onChange={(e) => setCooldown(e.target.value)} required className={`w-28 ${input}`} />
        </label>
        <label className={field}>
          Max retrains per day
          <input type="number" min={1} max={100} value={maxPerDay} onChange={(e) => setMaxPerDay(e.target.value)} required className={`w-28 ${input}`} />
        </label>
        <label className={field}>
          Minimum labelled rows
          <input type="number" min={1} value={minRows} onChange={(e) => setMinRows(e.target.value)} required className={`w-32 ${input}`} />
        </label>
        <label className={field}>
          Schedule (cron, UTC; optional)
          <input value={cron} onChange={(e) => setCron(e.target.value)} placeholder="0 3 * * 1" className={`w-36 font-mono ${input}`} />
        </label>
        <label className={field}>
          Retrain when this alert fires (optional)
          <select value={ruleId} onChange={(e) => setRuleId(e.target.value)} className={input}>
            <option value="">no alert trigger</option>
            {rules.data?.filter((r) => r.metric !== 'retrain_refused').map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={autoPromote} onChange={(e) => setAutoPromote(e.target.checked)} />
          Promote passing candidates automatically (through canary)
        </label>
        <button type="submit" disabled={save.isPending || (!fromPredictions && !versionId)} className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
          {save.isPending ? 'Saving…' : 'Propose'}
        </button>
      </div>
      {save.error && <p role="alert" className="text-sm text-red-700">{save.error.message}</p>}
      {save.isSuccess && <p role="status" className="text-sm text-green-700">Proposed: waiting for an approver or admin to enable it.</p>}
    </form>
  );
}
