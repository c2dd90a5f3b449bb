'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { useCan } from '@/components/ui/use-permissions';
import { JobActions } from './job-actions';
import { JobLogs } from './job-logs';
import { isLive, jobTargetLink } from './job-target';
import { JobStatusBadge } from './job-status-badge';
import { ProgressBar } from '@/components/ui/progress-bar';

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');

export function JobScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.jobs.get.queryOptions({ jobId: id }, { refetchInterval: (query) => (query.state.data && isLive(query.state.data.job.status) ? 1000 : false) }));
  const canRun = useCan('training.run');
  if (q.error) {
    return (
      <p role="alert" className="text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const { job, logs } = q.data;
  const target = jobTargetLink(job.targetType, job.targetId);
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="job-title" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
        <h2 id="job-title" className="flex flex-wrap items-center gap-3 text-lg font-semibold">
          {job.title} <JobStatusBadge status={job.status} />
        </h2>
        <ProgressBar value={job.progress} label="Job progress" />
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Job id</dt>
          <dd className="font-mono">{job.id}</dd>
          <dt className="text-slate-500">Queue</dt>
          <dd className="font-mono">{job.queue}</dd>
          <dt className="text-slate-500">Target</dt>
          <dd>
            {target ? (
              <Link href={target.href} className="text-brand-700 hover:underline">
                {target.label}
              </Link>
            ) : job.targetType ? (
              `${job.targetType} ${job.targetId ?? ''}`
            ) : (
              '—'
            )}
          </dd>
          <dt className="text-slate-500">Attempts</dt>
          <dd className="tabular-nums">{job.attempts}</dd>
          <dt className="text-slate-500">Created</dt>
          <dd>{when(job.createdAt)}</dd>
          <dt className="text-slate-500">Started</dt>
          <dd>{when(job.startedAt)}</dd>
          <dt className="text-slate-500">Finished</dt>
          <dd>{when(job.finishedAt)}</dd>
          {job.cancelRequestedAt && (
            <>
              <dt className="text-slate-500">Cancel requested</dt>
              <dd>{when(job.cancelRequestedAt)}</dd>
            </>
          )}
        </dl>
        {job.error && (
          <p className="rounded bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="job-error">
            <strong>Error:</strong> {job.error}
          </p>
        )}
        {canRun && <JobActions job={job} />}
      </section>
      <section aria-labelledby="logs-title" className="flex flex-col gap-2">
        <h2 id="logs-title" className="text-lg font-semibold">
          Logs
        </h2>
        <JobLogs logs={logs} />
      </section>
    </div>
  );
}
