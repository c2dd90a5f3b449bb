'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { useTRPC } from '@/lib/trpc';
import { isLive, parseStatusFilter } from './job-target';
import { JobStatusBadge } from './job-status-badge';
import { ProgressBar } from '@/components/ui/progress-bar';

// The same list as server/db/schema/jobs.ts JOB_STATUSES (not imported: that module pulls in drizzle).
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');

/** All background jobs, newest first; the status filter lives in the URL (?status=failed,cancelled). */
export function JobsScreen() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const selected = parseStatusFilter(params.get('status'), STATUSES);
  const q = useQuery(
    trpc.jobs.list.queryOptions(
      { status: selected.length ? selected : undefined, limit: 100 },
      // Poll once a second while anything listed can still change.
      { refetchInterval: (query) => (query.state.data?.some((j) => isLive(j.status)) ? 1000 : false) },
    ),
  );

  // Uncontrolled checkboxes flip at once when clicked and the URL follows (a controlled box would
  // snap back until the navigation lands). When the URL changes otherwise (back/forward, Show
  // all) the boxes are set from it, without remounting them, so keyboard focus stays put.
  const boxesRef = useRef<HTMLFieldSetElement>(null);
  const statusParam = selected.join(',');
  useEffect(() => {
    const on = statusParam.split(',');
    boxesRef.current?.querySelectorAll<HTMLInputElement>('input[type=checkbox]').forEach((b) => (b.checked = on.includes(b.value)));
  }, [statusParam]);

  function onFilterChange(e: React.ChangeEvent<HTMLFieldSetElement>) {
    const boxes = e.currentTarget.querySelectorAll<HTMLInputElement>('input[type=checkbox]');
    const next = STATUSES.filter((s) => [...boxes].some((b) => b.value === s && b.checked));
    router.push(next.length ? `${pathname}?status=${next.join(',')}` : pathname);
  }

  return (
    <div className="flex flex-col gap-4">
      <fieldset ref={boxesRef} onChange={onFilterChange} className="flex flex-wrap items-center gap-4 rounded border border-slate-200 bg-white p-3 text-sm">
        <legend className="px-1 font-medium">Status</legend>
        {STATUSES.map((s) => (
          <label key={s} className="flex items-center gap-1">
            <input type="checkbox" value={s} defaultChecked={selected.includes(s)} />
            {s}
          </label>
        ))}
        {selected.length > 0 && (
          <button type="button" onClick={() => router.push(pathname)} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
            Show all
          </button>
        )}
      </fieldset>
      {q.error && (
        <p role="alert" className="text-red-700">
          {q.error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Jobs</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th className="px-3 py-2">Title</th>
              <th className="px-3 py-2">Queue</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Progress</th>
              <th className="px-3 py-2">Attempts</th>
              <th className="px-3 py-2">Created</th>
              <th className="px-3 py-2">Started</th>
              <th className="px-3 py-2">Finished</th>
              <th className="px-3 py-2">Error</th>
            </tr>
          </thead>
          <tbody>
            {q.data?.map((j) => (
              <tr key={j.id} className="border-t border-slate-100 align-top" data-testid="job-row">
                <td className="px-3 py-2">
                  <Link href={`/jobs/${j.id}`} className="text-brand-700 hover:underline">
                    {j.title}
                  </Link>
                </td>
                <td className="px-3 py-2 font-mono text-xs">{j.queue}</td>
                <td className="px-3 py-2">
                  <JobStatusBadge status={j.status} />
                </td>
                <td className="px-3 py-2">
                  <ProgressBar value={j.progress} label={`Progress of ${j.title}`} />
                </td>
                <td className="px-3 py-2 tabular-nums">{j.attempts}</td>
                <td className="whitespace-nowrap px-3 py-2">{when(j.createdAt)}</td>
                <td className="whitespace-nowrap px-3 py-2">{when(j.startedAt)}</td>
                <td className="whitespace-nowrap px-3 py-2">{when(j.finishedAt)}</td>
                <td className="max-w-xs truncate px-3 py-2 text-red-700" title={j.error ?? undefined}>
                  {j.error}
                </td>
              </tr>
            ))}
            {q.data && q.data.length === 0 && (
              <tr>
                <td colSpan={9} className="px-3 py-6 text-center text-slate-500">
                  No jobs match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
