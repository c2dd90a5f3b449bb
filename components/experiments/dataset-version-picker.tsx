'use client';
// Dataset, then one of its versions (newest first), then the target among the columns the run's
// task can learn: binary, its 0/1 columns (numeric, only 0 and 1 in the profile; before the
// profile is ready, every numeric column); multiclass, columns of 2–100 classes; regression,
// numeric columns with a value on every row.
import { useQuery } from '@tanstack/react-query';
import { ChoiceSearch, useNameChoices } from '@/components/ui/name-choices';
import { useTRPC } from '@/lib/trpc';
import { targetColumns } from './column-choice';
import type { RunTask } from './new-run-request';

interface Props {
  /** Which columns can be the target (default binary). */
  task?: RunTask;
  dataset: string;
  versionId: string;
  target: string;
  onDataset: (name: string) => void;
  onVersion: (id: string) => void;
  onTarget: (column: string) => void;
}

const control = 'rounded border border-slate-300 px-2 py-1';

const NO_TARGET: Record<RunTask, string> = {
  binary: 'This version has no column holding only 0 and 1 to use as the target.',
  multiclass: 'This version has no column of 2 to 100 classes, with a value on every row, to use as the target.',
  regression: 'This version has no numeric column with a value on every row to use as the target.',
};

export function DatasetVersionPicker({ task = 'binary', dataset, versionId, target, onDataset, onVersion, onTarget }: Props) {
  const trpc = useTRPC();
  const datasets = useNameChoices('datasets', dataset);
  const versions = useQuery(trpc.datasets.get.queryOptions({ name: dataset }, { enabled: !!dataset }));
  const version = useQuery(trpc.datasets.version.queryOptions({ id: versionId }, { enabled: !!versionId }));
  const choices = useQuery(trpc.runs.columns.queryOptions({ datasetVersionId: versionId }, { enabled: !!versionId, refetchInterval: (q) => (q.state.data?.profileStatus === 'pending' ? 1000 : false) }));
  const numeric = choices.data ? targetColumns(choices.data.columns, task) : [];
  const error = versions.error ?? version.error ?? choices.error;

  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-sm">
        Dataset
        <select value={dataset} onChange={(e) => onDataset(e.target.value)} required className={control}>
          <option value="">Pick a dataset</option>
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
        <select value={versionId} onChange={(e) => onVersion(e.target.value)} required disabled={!dataset} className={control}>
          <option value="">Pick a version</option>
          {versions.data?.versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.sha256.slice(0, 12)} · {v.rowCount} rows · {new Date(v.createdAt).toLocaleString()}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Target column
        <select value={target} onChange={(e) => onTarget(e.target.value)} required disabled={!versionId} className={control}>
          <option value="">Pick a column</option>
          {numeric.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {choices.data && numeric.length === 0 && <p className="text-sm text-amber-700">{NO_TARGET[task]}</p>}
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
    </div>
  );
}
