const STYLE: Record<string, string> = {
  queued: 'bg-slate-200 text-slate-800',
  running: 'bg-blue-100 text-blue-800',
  succeeded: 'bg-green-100 text-green-800',
  failed: 'bg-red-100 text-red-800',
  cancelled: 'bg-amber-100 text-amber-800',
};

export function JobStatusBadge({ status }: { status: string }) {
  return (
    <span className={`rounded px-2 py-0.5 text-xs font-medium ${STYLE[status] ?? 'bg-slate-100'}`} data-testid="job-status">
      {status}
    </span>
  );
}
