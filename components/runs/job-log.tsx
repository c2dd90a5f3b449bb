'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

const LEVEL: Record<string, string> = { warn: 'text-amber-300', error: 'text-red-300' };

const SETTLED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * The training job's log lines, polled while the run is active and until the job itself has
 * settled: the worker marks the run succeeded a moment before the job, and a poll that stopped
 * with the run left "Job running" on a finished run.
 */
export function JobLog({ jobId, live }: { jobId: string; live: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.jobs.get.queryOptions({ jobId }, { refetchInterval: (query) => (live || !SETTLED.has(query.state.data?.job.status ?? '') ? 1000 : false) }),
  );
  if (q.error) return <p className="text-sm text-red-700">{q.error.message}</p>;
  const logs = q.data?.logs ?? [];
  return (
    <div className="flex flex-col gap-1">
      {q.data && (
        <p className="text-xs text-slate-500" data-testid="run-job-status">
          Job {q.data.job.status} · attempts {q.data.job.attempts}
          {q.data.job.error ? ` · ${q.data.job.error}` : ''}
        </p>
      )}
      <ol className="max-h-72 overflow-auto rounded border border-slate-200 bg-slate-950 p-3 font-mono text-xs text-slate-100" aria-label="Job log" tabIndex={0}>
        {logs.map((l) => (
          <li key={l.id} className={LEVEL[l.level] ?? ''}>
            <span className="text-slate-400">{new Date(l.at).toLocaleTimeString()}</span> <span className="uppercase">{l.level}</span> {l.message}
          </li>
        ))}
        {logs.length === 0 && <li className="text-slate-400">No log lines yet.</li>}
      </ol>
    </div>
  );
}
