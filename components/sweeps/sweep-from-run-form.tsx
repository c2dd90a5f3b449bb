'use client';
// "Sweep from this run": the run's experiment, dataset version, target, trainer, params and seed,
// with a search space to edit (it opens with a three-point grid around one of the run's params).
// The server checks every point against the trainer before queueing anything; its refusal is
// shown as it comes, naming the field.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { TASK_SWEEP_METRICS, type SWEEP_METRIC_NAMES } from '@/server/ml/sweeps/best-run';
import { useTRPC } from '@/lib/trpc';
import { defaultSpace, parseSpace } from './default-space';

const control = 'rounded border border-slate-300 px-2 py-1';

export interface SweepSource {
  experiment: string;
  datasetVersionId: string;
  target: string;
  /** The run's task: every run of the sweep trains it, and the best-by choices are its metrics. */
  task?: 'binary' | 'multiclass' | 'regression';
  trainer: string;
  params: Record<string, unknown>;
  seed: number;
}

export function SweepFromRunForm({ run }: { run: SweepSource }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [space, setSpace] = useState(() => JSON.stringify(defaultSpace(run.params)));
  const [strategy, setStrategy] = useState<'grid' | 'random'>('grid');
  const [local, setLocal] = useState<string | null>(null);
  const task = run.task ?? 'binary';
  const metrics = TASK_SWEEP_METRICS[task];
  const start = useMutation(trpc.sweeps.start.mutationOptions({ onSuccess: (s) => router.push(`/sweeps/${s.id}`) }));

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const parsed = parseSpace(space);
    setLocal(parsed.ok ? null : parsed.error);
    if (!parsed.ok) return;
    const runs = Number(f.get('runs'));
    start.mutate({
      experiment: run.experiment,
      datasetVersionId: run.datasetVersionId,
      target: run.target,
      ...(task !== 'binary' ? { task } : {}),
      trainer: run.trainer,
      params: run.params,
      seed: run.seed,
      space: parsed.space,
      strategy,
      metric: String(f.get('metric')) as (typeof SWEEP_METRIC_NAMES)[number],
      ...(strategy === 'random' && runs > 0 ? { runs } : {}),
    });
  }

  const error = local ?? start.error?.message ?? null;
  return (
    <form onSubmit={onSubmit} aria-label="Start a sweep" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <p className="text-sm text-slate-600">
        Trains {run.trainer} on this run&apos;s data, target and seed once per point of the search space (at most 100 runs), with this run&apos;s other params.
      </p>
      <label className="flex flex-col gap-1 text-sm">
        Search space (JSON: param → list of values; random search also takes {'{"min", "max", "log"}'})
        <textarea name="space" rows={3} value={space} onChange={(e) => setSpace(e.target.value)} aria-describedby={error ? 'sweep-error' : undefined} className={`${control} font-mono text-xs`} />
      </label>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          Strategy
          <select name="strategy" value={strategy} onChange={(e) => setStrategy(e.target.value as 'grid' | 'random')} className={control}>
            <option value="grid">grid (every combination)</option>
            <option value="random">random</option>
          </select>
        </label>
        {strategy === 'random' && (
          <label className="flex flex-col gap-1">
            Runs
            <input name="runs" type="number" min={1} max={100} defaultValue={10} className={`${control} w-20`} />
          </label>
        )}
        <label className="flex flex-col gap-1">
          Best by (validation)
          <select name="metric" defaultValue={metrics[0]} className={control}>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={start.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-white disabled:opacity-50">
          {start.isPending ? 'Starting…' : 'Start sweep'}
        </button>
      </div>
      {error && (
        <p id="sweep-error" role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
