'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useNameChoices } from '@/components/ui/name-choices';
import { useTRPC } from '@/lib/trpc';
import { useCan } from '@/components/ui/use-permissions';
import { SpecEditor } from '@/components/features/spec-editor';
import { seedSpec, validateDraft, type DraftSpec } from '@/components/features/spec-edit';
import { defaultInputColumns } from './column-choice';
import { ColumnPicker } from './column-picker';
import { DatasetVersionPicker } from './dataset-version-picker';
import { buildStartRunInput, type RunTask } from './new-run-request';
import { TrainerParamsFields } from './trainer-params-fields';

const control = 'rounded border border-slate-300 px-2 py-1';

export function NewRunForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const query = useSearchParams();
  const preVersionId = query.get('datasetVersionId') ?? '';
  const trainers = useQuery(trpc.runs.trainers.queryOptions());
  const pre = useQuery(trpc.datasets.version.queryOptions({ id: preVersionId }, { enabled: /^[0-9a-f-]{36}$/i.test(preVersionId) }));
  // The query's version pre-fills the pickers until the user picks something else.
  const [picked, setPicked] = useState<{ dataset: string; versionId: string } | null>(null);
  const dataset = picked?.dataset ?? pre.data?.dataset.name ?? '';
  const versionId = picked?.versionId ?? (pre.data ? preVersionId : '');
  const [target, setTarget] = useState('');
  // The user's ticks and unticks over the default choice; cleared when the version changes.
  const [overrides, setOverrides] = useState<Record<string, boolean>>({});
  const [experiment, setExperiment] = useState('');
  // The datalist offers existing experiments matching what is typed (a bounded server search).
  const experiments = useNameChoices('experiments', '', experiment);
  const choices = useQuery(trpc.runs.columns.queryOptions({ datasetVersionId: versionId, experiment: experiment.trim() || undefined }, { enabled: !!versionId, placeholderData: (prev) => prev, refetchInterval: (q) => (q.state.data?.profileStatus === 'pending' ? 1000 : false) }));
  const columns = choices.data?.profileStatus === 'ready' ? choices.data.columns : null;
  const chosen = new Set(columns ? defaultInputColumns(columns, target) : []);
  for (const [name, on] of Object.entries(overrides)) {
    if (on && name !== target) chosen.add(name);
    else chosen.delete(name);
  }
  // An edited feature spec (seeded from the ticked columns) replaces the column choice; null: not editing.
  const [specDraft, setSpecDraft] = useState<DraftSpec | null>(null);
  // The task decides which columns can be the target and which trainers (and params) are offered.
  const [task, setTask] = useState<RunTask>('binary');
  const [trainerName, setTrainerName] = useState('');
  const taskTrainers = trainers.data?.filter((t) => t.task === task);
  const trainer = taskTrainers?.find((t) => t.name === trainerName) ?? taskTrainers?.[0];
  const [clientError, setClientError] = useState<{ field: string; message: string } | null>(null);
  // A role without training.run sees the form disabled and why, not a form that fails on submit.
  const canTrain = useCan('training.run');
  const me = useQuery(trpc.me.get.queryOptions());
  const start = useMutation(trpc.runs.start.mutationOptions({ onSuccess: (run) => router.push(`/runs/${run.id}`) }));

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const paramFields: Record<string, string> = {};
    for (const [k, v] of f.entries()) if (k.startsWith('param:')) paramFields[k.slice(6)] = String(v);
    const built = buildStartRunInput({
      task,
      experiment: String(f.get('experiment') ?? ''),
      datasetVersionId: versionId,
      target,
      trainer: trainer?.name ?? '',
      paramFields,
      advancedJson: String(f.get('advancedJson') ?? ''),
      seed: String(f.get('seed') ?? ''),
      specJson: specDraft ? JSON.stringify(specDraft) : '',
      columns: columns ? columns.map((c) => c.name).filter((n) => chosen.has(n)) : undefined,
    });
    const specCheck = specDraft ? validateDraft(specDraft) : null;
    if (specCheck && !specCheck.ok) {
      setClientError({ field: `spec.${specCheck.field}`, message: specCheck.message });
      return;
    }
    if (!built.ok) {
      setClientError({ field: built.field, message: built.message });
      return;
    }
    setClientError(null);
    start.mutate(built.input);
  }

  const serverField = start.error?.data?.field;
  const error = clientError ?? (start.error ? { field: serverField ?? '', message: start.error.message } : null);

  return (
    <form onSubmit={onSubmit} aria-label="New run" className="flex max-w-4xl flex-col gap-4 rounded border border-slate-200 bg-white p-4">
      {canTrain === false && (
        <p role="note" data-testid="new-run-read-only" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Your role ({me.data?.role ?? 'unknown'}) may look but not start training runs: that takes an engineer, approver or admin.
        </p>
      )}
      <fieldset disabled={canTrain !== true} className="contents">
      <label className="flex flex-col gap-1 text-sm">
        Experiment
        <input name="experiment" list="experiment-names" required value={experiment} onChange={(e) => setExperiment(e.target.value)} placeholder="an existing experiment or a new name" className={control} />
        <datalist id="experiment-names">
          {experiments.names.map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Task
        <select
          name="task"
          value={task}
          onChange={(e) => {
            setTask(e.target.value as RunTask);
            // A target or trainer of the old task may not exist in the new one.
            setTarget('');
            setTrainerName('');
            setSpecDraft(null);
          }}
          className={`${control} w-fit`}
        >
          <option value="binary">binary classification (0/1 target)</option>
          <option value="multiclass">multiclass classification (2 to 100 classes)</option>
          <option value="regression">regression (a number)</option>
        </select>
      </label>
      <DatasetVersionPicker
        task={task}
        dataset={dataset}
        versionId={versionId}
        target={target}
        onDataset={(name) => {
          setPicked({ dataset: name, versionId: '' });
          setTarget('');
          setOverrides({});
          setSpecDraft(null);
        }}
        onVersion={(id) => {
          setPicked({ dataset, versionId: id });
          setTarget('');
          setOverrides({});
          setSpecDraft(null);
        }}
        onTarget={setTarget}
      />
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Trainer
          <select value={trainer?.name ?? ''} onChange={(e) => setTrainerName(e.target.value)} className={control}>
            {taskTrainers?.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} ({t.kind === 'command' ? `command trainer ${t.version}` : t.version}
                {t.needs === 'gpu' ? ', needs a GPU worker' : ''})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Seed
          <input name="seed" type="number" min={0} step={1} defaultValue={0} className={`${control} w-32`} />
        </label>
      </div>
      {columns && target && <ColumnPicker columns={columns} target={target} chosen={chosen} onToggle={(name, on) => setOverrides((o) => ({ ...o, [name]: on }))} />}
      {choices.data && choices.data.profileStatus !== 'ready' && versionId && (
        <p className="text-sm text-slate-600">The dataset version is still being profiled: the run will derive its input columns (identifiers and declared sensitive attributes left out).</p>
      )}
      {trainer && <TrainerParamsFields key={`${task}:${trainer.name}`} defaults={trainer.defaults} />}
      {specDraft ? (
        <div className="flex flex-col gap-1">
          <SpecEditor draft={specDraft} onChange={setSpecDraft} />
          <div>
            <button type="button" onClick={() => setSpecDraft(null)} className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100">
              Discard spec edits (use the input columns above)
            </button>
          </div>
        </div>
      ) : (
        <div className="text-sm">
          <button
            type="button"
            onClick={() => setSpecDraft(seedSpec(columns ? columns.filter((c) => chosen.has(c.name)).map((c) => ({ name: c.name, type: c.type, nullable: c.nullable ?? true })) : [{ name: '', type: 'numeric', nullable: false }]))}
            className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
          >
            Edit feature spec
          </button>{' '}
          <span className="text-slate-600">(optional: transforms per input; overrides the column choice above)</span>
        </div>
      )}
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.field ? <strong>{error.field}: </strong> : null}
          {error.message}
        </p>
      )}
      <div>
        <button type="submit" disabled={start.isPending || !trainer} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          {start.isPending ? 'Starting…' : 'Start run'}
        </button>
      </div>
      </fieldset>
    </form>
  );
}
