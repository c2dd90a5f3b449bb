'use client';
// /runs/<id>: lineage header, live progress and curves (polled every second while the run is
// queued or running), final metrics and curves, the job log, and the run's actions.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { FittedStats } from './fitted-stats';
import { JobLog } from './job-log';
import { RegisterForm } from './register-form';
import { SweepFromRunForm } from '../sweeps/sweep-from-run-form';
import { ReproductionCheck } from './reproduction-check';
import { RunActions } from './run-actions';
import { ExternalStepCurves, RunEvaluationCurves, RunStepCurves, TaskStepCurves } from './run-curves';
import { RunHeader } from './run-header';
import { RunMetricsTable } from './run-metrics-table';
import { taskTrainingMetrics } from './task-metrics';
import { TaskMetricsTable } from './task-metrics-table';
import { RunProgress } from './run-progress';
import { isActive, trainingMetrics } from './run-types';
import { StatusBadge } from './status-badge';
import { WorkerWaitNotice } from './worker-wait-notice';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `sec-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function RunScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const q = useQuery(trpc.runs.get.queryOptions({ id }, { refetchInterval: (query) => (isActive(query.state.data?.run.status) ? 1000 : false) }));
  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const detail = q.data;
  const { run } = detail;
  const metrics = trainingMetrics(run.metrics);
  const taskMetrics = taskTrainingMetrics(run.metrics);
  const perms = me.data?.permissions ?? [];
  const live = isActive(run.status);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-xl font-semibold" data-testid="run-name">
          {run.name}
        </h2>
        <StatusBadge status={run.status} />
        <div className="ml-auto">{perms.includes('training.run') && <RunActions detail={detail} />}</div>
      </div>
      <ReproductionCheck detail={detail} />
      {run.error && (
        <p className="rounded bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="run-error">
          {run.status === 'cancelled' ? 'Cancelled' : 'Failed'}: {run.error}
        </p>
      )}
      <RunHeader detail={detail} />
      <RunProgress progress={run.progress} status={run.status} />
      {run.jobId && <WorkerWaitNotice jobId={run.jobId} status={run.status} />}
      <Section title="Training curves">
        {run.source === 'external' ? <ExternalStepCurves steps={detail.steps} /> : run.task !== 'binary' ? <TaskStepCurves steps={detail.steps} /> : <RunStepCurves steps={detail.steps} />}
      </Section>
      {taskMetrics && (
        <Section title="Final metrics">
          <TaskMetricsTable metrics={taskMetrics} />
        </Section>
      )}
      {metrics && (
        <>
          <Section title="Final metrics">
            <RunMetricsTable metrics={metrics} />
          </Section>
          <Section title="Evaluation curves">
            <RunEvaluationCurves metrics={metrics} />
          </Section>
        </>
      )}
      {detail.spec && (
        <Section title="Fitted statistics">
          <FittedStats spec={detail.spec.spec} />
        </Section>
      )}
      {run.status === 'succeeded' && perms.includes('model.write') && (
        <Section title="Register">
          <RegisterForm runId={run.id} defaultModel={detail.experiment.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '')} />
        </Section>
      )}
      {run.status === 'succeeded' && run.source !== 'external' && run.datasetVersionId && perms.includes('training.run') && (
        <details className="rounded border border-slate-200 bg-white" data-testid="sweep-from-run">
          <summary className="cursor-pointer px-4 py-2 text-sm font-medium">Sweep from this run</summary>
          <div className="p-2">
            <SweepFromRunForm run={{ experiment: detail.experiment.name, datasetVersionId: run.datasetVersionId, target: run.target, task: run.task, trainer: run.trainer, params: run.params as Record<string, unknown>, seed: run.seed }} />
          </div>
        </details>
      )}
      {run.jobId && (
        <Section title="Job log">
          <JobLog jobId={run.jobId} live={live} />
        </Section>
      )}
    </div>
  );
}
