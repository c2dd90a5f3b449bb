'use client';
// Choose the model's golden set: a dataset, one of its versions, and the label column from that
// version's columns — for a binary model those holding only 0 and 1 (components/experiments/
// column-choice.ts), for a regression model the numeric ones, for a multiclass model any column
// (its values must be the versions' class names; the evaluation names a row that is not). An
// engineer's decision, audited.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ChoiceSearch, useNameChoices } from '@/components/ui/name-choices';
import { useTRPC } from '@/lib/trpc';
import { labelColumns } from '@/components/experiments/column-choice';
import type { Policy } from './types';

export function GoldenSetForm({ model, policy }: { model: string; policy: Policy }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const current = useQuery({ ...trpc.datasets.version.queryOptions({ id: policy.goldenDatasetVersionId ?? '' }), enabled: !!policy.goldenDatasetVersionId });
  const [dataset, setDataset] = useState('');
  const datasets = useNameChoices('datasets', dataset);
  const [versionId, setVersionId] = useState('');
  const [label, setLabel] = useState('');
  const [reason, setReason] = useState('');
  const versions = useQuery({ ...trpc.datasets.get.queryOptions({ name: dataset }), enabled: !!dataset });
  const choices = useQuery({ ...trpc.runs.columns.queryOptions({ datasetVersionId: versionId }), enabled: !!versionId });
  const cols = choices.data?.columns ?? [];
  const numeric = policy.task === 'binary' ? labelColumns(cols) : policy.task === 'regression' ? cols.filter((c) => c.type === 'numeric') : cols;
  const hint = policy.task === 'binary' ? '0/1 column' : policy.task === 'regression' ? 'numeric column' : 'column of class names';
  const save = useMutation(
    trpc.evaluations.setGoldenSet.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.evaluations.policy.queryKey({ model }) }),
    }),
  );

  return (
    <form
      aria-label="Golden set"
      className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ model, datasetVersionId: versionId, labelColumn: label, reason: reason.trim() || undefined });
      }}
    >
      <h2 className="text-lg font-semibold">Golden set</h2>
      <p className="text-sm text-slate-700" data-testid="golden-current">
        {policy.goldenDatasetVersionId
          ? current.data
            ? `Now: ${current.data.dataset.name} (${current.data.version.filename}, ${current.data.version.sha256.slice(0, 12)}, ${current.data.version.rowCount ?? '?'} rows), label column ${policy.goldenLabelColumn}.`
            : 'Now: loading…'
          : 'No golden set yet: promotion requests cannot be evaluated offline.'}
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Dataset
          <select
            value={dataset}
            onChange={(e) => {
              setDataset(e.target.value);
              setVersionId('');
              setLabel('');
            }}
            required
            className="min-w-48 rounded border border-slate-300 px-2 py-1"
          >
            <option value="">choose a dataset</option>
            {datasets.names.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <ChoiceSearch choices={datasets} className="pb-1" />
        <label className="flex flex-col gap-1 text-sm">
          Dataset version
          <select
            value={versionId}
            onChange={(e) => {
              setVersionId(e.target.value);
              setLabel('');
            }}
            disabled={!dataset}
            required
            className="rounded border border-slate-300 px-2 py-1"
          >
            <option value="">choose a version</option>
            {versions.data?.versions.map((v) => (
              <option key={v.id} value={v.id}>
                {new Date(v.createdAt).toLocaleString()} · {v.filename} · {v.rowCount ?? '?'} rows · {v.sha256.slice(0, 8)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Label column
          <select value={label} onChange={(e) => setLabel(e.target.value)} disabled={!versionId} required className="rounded border border-slate-300 px-2 py-1">
            <option value="">choose ({hint})</option>
            {numeric.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Reason (optional)
          <input value={reason} onChange={(e) => setReason(e.target.value)} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" disabled={save.isPending || !versionId || !label} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Use as golden set
        </button>
      </div>
      {save.isSuccess && <p role="status" className="text-sm text-emerald-800">Golden set saved.</p>}
      {save.error && (
        <p role="alert" className="text-sm text-red-700">
          {save.error.message}
        </p>
      )}
    </form>
  );
}
